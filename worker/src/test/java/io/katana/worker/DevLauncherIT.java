package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katana.worker.config.KatanaConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@code dev} command against the real test bed: worker and API in one process, and
 * {@code /healthz} telling the state of every dependency, naming the one that is down.
 */
class DevLauncherIT {

    private static final List<String> DEPENDENCIES =
            List.of("temporal", "mongodb", "mysql", "kubernetes", "registry", "docker", "git");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthzSaysEveryDependencyIsUp() throws Exception {
        Map<String, String> env = testEnvironment();

        try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env))) {
            HttpResponse<String> health = healthz(env);

            JsonNode body = JSON.readTree(health.body());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(body.path("status").asText()).isEqualTo("up");
            for (String dependency : DEPENDENCIES) {
                assertThat(body.path("checks").path(dependency).path("up").asBoolean())
                        .as(dependency + " in " + health.body()).isTrue();
            }
        }
    }

    @Test
    void oneDependencyDownAnswers503AndNamesIt() throws Exception {
        Map<String, String> env = testEnvironment();
        // A port where nothing listens: the registry is "down", everything else is the test bed.
        env.put("KATANA_REGISTRY", "127.0.0.1:" + freePort());

        try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env))) {
            HttpResponse<String> health = healthz(env);

            JsonNode checks = JSON.readTree(health.body()).path("checks");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(checks.path("registry").path("up").asBoolean()).isFalse();
            assertThat(checks.path("registry").path("detail").asText()).isNotBlank();
            for (String dependency : DEPENDENCIES) {
                if (!dependency.equals("registry")) {
                    assertThat(checks.path(dependency).path("up").asBoolean())
                            .as(dependency + " in " + health.body()).isTrue();
                }
            }
        }
    }

    /** The test bed's settings, with a port and a task queue of the test's own. */
    private static Map<String, String> testEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KATANA_API_HOST", "127.0.0.1");
        env.put("KATANA_API_PORT", Integer.toString(freePort()));
        env.put("KATANA_TASK_QUEUE", "katana-it-" + UUID.randomUUID());
        env.put("KATANA_RECONCILE_EVERY", "0");
        return env;
    }

    private static HttpResponse<String> healthz(Map<String, String> env) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + env.get("KATANA_API_PORT") + "/healthz");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
