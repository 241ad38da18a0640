package io.katana.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.katana.api.health.HealthStatus;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryHealthCheckTest {

    private static HealthStatus checkAgainst(int status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            String registry = "127.0.0.1:" + server.getAddress().getPort();
            return new RegistryHealthCheck(HttpClient.newHttpClient(), registry, Duration.ofSeconds(2)).check();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void answers200MeansUp() throws Exception {
        assertThat(checkAgainst(200).up()).isTrue();
    }

    @Test
    void anythingElseIsDownWithTheStatus() throws Exception {
        assertThat(checkAgainst(401)).isEqualTo(HealthStatus.down("GET /v2/ answered HTTP 401"));
    }
}
