package io.katana.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import io.katana.workflows.common.Secret;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiServerTest {

    private static final String TOKEN = "0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApiContext context(Duration deadline, HealthCheck... checks) {
        return new ApiContext("127.0.0.1", 0, Secret.of(TOKEN), List.of(checks), deadline,
                mock(WorkflowClient.class), FakeServices.services(List.of(), team -> java.util.Optional.empty()));
    }

    private static HealthCheck check(String name, HealthStatus status) {
        return HealthCheck.of(name, () -> status);
    }

    private static HealthCheck hanging(String name) {
        return HealthCheck.of(name, () -> {
            Thread.sleep(60_000);
            return HealthStatus.up("never");
        });
    }

    private static JsonNode json(Response response) throws Exception {
        return JSON.readTree(response.body().string());
    }

    @Test
    void healthzIsUpWhenEveryCheckIsUp() {
        var app = ApiServer.create(context(Duration.ofSeconds(2),
                check("temporal", HealthStatus.up("server 1.29")), check("mongodb", HealthStatus.up("ping ok"))));

        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/healthz");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("status").asText()).isEqualTo("up");
            assertThat(body.at("/checks/temporal/up").asBoolean()).isTrue();
            assertThat(body.at("/checks/temporal/detail").asText()).isEqualTo("server 1.29");
            assertThat(body.at("/checks/temporal/millis").isIntegralNumber()).isTrue();
            assertThat(body.at("/checks/mongodb/up").asBoolean()).isTrue();
        });
    }

    @Test
    void healthzIs503AndNamesTheCheckThatIsDown() {
        HealthCheck throwing = HealthCheck.of("mysql", () -> {
            throw new java.sql.SQLException("Connection refused");
        });
        var app = ApiServer.create(context(Duration.ofSeconds(2),
                check("temporal", HealthStatus.up("ok")), check("registry", HealthStatus.down("HTTP 500")), throwing));

        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/healthz");
            assertThat(response.code()).isEqualTo(503);
            JsonNode body = json(response);
            assertThat(body.get("status").asText()).isEqualTo("down");
            assertThat(body.at("/checks/temporal/up").asBoolean()).isTrue();
            assertThat(body.at("/checks/registry/up").asBoolean()).isFalse();
            assertThat(body.at("/checks/registry/detail").asText()).isEqualTo("HTTP 500");
            assertThat(body.at("/checks/mysql/up").asBoolean()).isFalse();
            assertThat(body.at("/checks/mysql/detail").asText()).isEqualTo("SQLException: Connection refused");
        });
    }

    @Test
    void aHangingCheckIsReportedAsTimedOutWithinTheDeadline() {
        var app = ApiServer.create(context(Duration.ofMillis(300),
                check("temporal", HealthStatus.up("ok")), hanging("kubernetes")));

        JavalinTest.test(app, (server, client) -> {
            long start = System.nanoTime();
            Response response = client.get("/healthz");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.code()).isEqualTo(503);
            JsonNode body = json(response);
            assertThat(body.at("/checks/kubernetes/up").asBoolean()).isFalse();
            assertThat(body.at("/checks/kubernetes/detail").asText()).startsWith("timed out");
            assertThat(body.at("/checks/temporal/up").asBoolean()).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(3));
        });
    }

    @Test
    void adminApiRefusesRequestsWithoutTheToken() {
        var app = ApiServer.create(context(Duration.ofSeconds(1)));

        JavalinTest.test(app, (server, client) -> {
            Response missing = client.get("/api/v1/whoami");
            assertThat(missing.code()).isEqualTo(401);
            assertThat(json(missing).get("error").asText()).contains("bearer token");
            assertThat(missing.body().string()).doesNotContain("admin\"");

            Response wrong = client.get("/api/v1/whoami", r -> r.header("Authorization", "Bearer nope"));
            assertThat(wrong.code()).isEqualTo(401);

            Response basic = client.get("/api/v1/whoami", r -> r.header("Authorization", "Basic " + TOKEN));
            assertThat(basic.code()).isEqualTo(401);

            Response unknownRoute = client.get("/api/v1/teams");
            assertThat(unknownRoute.code()).isEqualTo(401);
        });
    }

    @Test
    void adminApiAnswersWithTheRightToken() {
        var app = ApiServer.create(context(Duration.ofSeconds(1)));

        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/api/v1/whoami", r -> r.header("Authorization", "Bearer " + TOKEN));
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).get("role").asText()).isEqualTo("admin");
        });
    }

    @Test
    void unknownPathsAnswerJson404() {
        var app = ApiServer.create(context(Duration.ofSeconds(1)));

        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/nope");
            assertThat(response.code()).isEqualTo(404);
            assertThat(json(response).has("error")).isTrue();
        });
    }
}
