package io.katana.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.katana.api.health.HealthStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitServerHealthCheckTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private HttpServer server;

    /** A fake git server answering each path with a fixed status and body. */
    private URI serve(Map<String, Integer> statuses, String versionBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int status = statuses.getOrDefault(exchange.getRequestURI().getPath(), 404);
            byte[] body = (exchange.getRequestURI().getPath().equals("/api/v1/version") ? versionBody : "<html/>")
                    .getBytes(StandardCharsets.UTF_8);
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "/install");
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static HealthStatus check(URI url) throws Exception {
        return new GitServerHealthCheck(HTTP, url, Duration.ofSeconds(2)).check();
    }

    @Test
    void anInstalledServerIsUpWithItsVersion() throws Exception {
        URI url = serve(Map.of("/api/v1/version", 200), "{\"version\":\"1.27.3\"}");
        assertThat(check(url)).isEqualTo(HealthStatus.up("installed, version 1.27.3"));
    }

    @Test
    void aServerRequiringSignInIsInstalled() throws Exception {
        URI url = serve(Map.of("/api/v1/version", 403), "{\"message\":\"Only signed in user is allowed\"}");
        assertThat(check(url).up()).isTrue();
        assertThat(check(url).detail()).startsWith("installed");
    }

    @Test
    void giteaBeforeInstallIsReachableAndWaiting() throws Exception {
        URI url = serve(Map.of("/", 200), "");
        assertThat(check(url)).isEqualTo(HealthStatus.up("reachable, waiting for install"));
    }

    @Test
    void gogsBeforeInstallRedirectsToTheInstaller() throws Exception {
        URI url = serve(Map.of("/api/v1/version", 302, "/", 302), "");
        assertThat(check(url)).isEqualTo(HealthStatus.up("reachable, waiting for install"));
    }

    @Test
    void aBrokenServerIsDown() throws Exception {
        URI url = serve(Map.of("/api/v1/version", 500), "");
        assertThat(check(url)).isEqualTo(HealthStatus.down("GET /api/v1/version answered HTTP 500"));
    }

    @Test
    void unreadableVersionIsStillUp() throws Exception {
        URI url = serve(Map.of("/api/v1/version", 200), "not json");
        assertThat(check(url)).isEqualTo(HealthStatus.up("installed, version (unreadable)"));
    }

    @Test
    void aClosedPortIsDown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        assertThat(check(url)).isEqualTo(
                HealthStatus.down("cannot connect to 127.0.0.1:" + port + " (refused or unreachable)"));
    }
}
