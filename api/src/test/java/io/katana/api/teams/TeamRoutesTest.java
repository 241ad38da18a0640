package io.katana.api.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.katana.api.ApiContext;
import io.katana.api.ApiServer;
import io.katana.api.FakeServices;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.TeamRecord;
import io.katana.workflows.team.TeamState;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin routes of teams and jobs on the real app, with Temporal's in-memory server. No worker
 * polls the task queue, so a started job stays running: what the API says about it is what it
 * says about a real one before its first step.
 */
class TeamRoutesTest {

    private static final String TOKEN = "0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TeamRecord RED = new TeamRecord("red", TeamState.READY, "red", "red", "master-0", null,
            Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T10:00:20Z"));

    private TestWorkflowEnvironment temporal;
    private io.javalin.Javalin app;

    @BeforeEach
    void start() {
        temporal = TestWorkflowEnvironment.newInstance();
        TeamCredentials credentials = team -> team.equals("red")
                ? Optional.of(new TeamCredentials.Credentials("red", Secret.of("s3cret-git-pw"), Secret.of("KEY")))
                : Optional.empty();
        app = ApiServer.create(new ApiContext("127.0.0.1", 0, Secret.of(TOKEN), List.of(), Duration.ofSeconds(1),
                temporal.getWorkflowClient(), FakeServices.services(List.of(RED), credentials)));
    }

    @AfterEach
    void stop() {
        temporal.close();
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static Answer post(io.javalin.testtools.HttpClient client, String path, String body, String token)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.getOrigin() + path))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var response = HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers());
    }

    private static Answer get(io.javalin.testtools.HttpClient client, String path) throws Exception {
        var response = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.getOrigin() + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers());
    }

    private record Answer(int code, String body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static JsonNode json(Answer response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void withoutTheTokenNothingIsStarted() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(post(client, "/api/v1/teams", "{\"count\": 3}", null).code()).isEqualTo(401);
            assertThat(post(client, "/api/v1/teams", "{\"count\": 3}", "wrong-token-wrong-token-x").code())
                    .isEqualTo(401);
            assertThat(post(client, "/api/v1/init", "", null).code()).isEqualTo(401);
        });
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        JavalinTest.test(app, (server, client) -> {
            assertBad(post(client, "/api/v1/teams", "{\"count\": 0}", TOKEN), "count",
                    "count must be between 1 and 500, was 0");
            assertBad(post(client, "/api/v1/teams", "{\"count\": \"3\"}", TOKEN), "count",
                    "count must be a whole number, found \"3\"");
            assertBad(post(client, "/api/v1/teams", "{\"names\": [\"red\", \"Blue\"]}", TOKEN), "names",
                    "team name 'Blue' must be lower-case letters, digits and '-', starting and ending with a letter or digit");
            assertBad(post(client, "/api/v1/teams", "{\"names\": \"red\"}", TOKEN), "names",
                    "names must be a list of team names");
            assertBad(post(client, "/api/v1/teams", "{\"count\": 2, \"names\": [\"a\"]}", TOKEN), "count",
                    "give either count or names (not both, not neither)");
            assertBad(post(client, "/api/v1/teams", "{\"teams\": 2}", TOKEN), "teams",
                    "unknown field 'teams': expected count, names or concurrency");
            assertBad(post(client, "/api/v1/teams", "not json", TOKEN), "body",
                    "the body is not JSON: expected {\"count\": N} or {\"names\": [...]}");
        });
    }

    private static void assertBad(Answer response, String field, String message) throws Exception {
        assertThat(response.code()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo(message);
        assertThat(body.at("/details/field").asText()).isEqualTo(field);
    }

    @Test
    void aRepeatedPostFindsTheRunningJobAndTheJobShowsItsProgress() {
        JavalinTest.test(app, (server, client) -> {
            Answer first = post(client, "/api/v1/teams", "{\"count\": 3}", TOKEN);
            assertThat(first.code()).isEqualTo(202);
            JsonNode started = json(first);
            String id = started.get("workflowId").asText();
            assertThat(id).startsWith("teams-");
            assertThat(started.get("temporalUi").asText())
                    .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/" + id);

            JsonNode again = json(post(client, "/api/v1/teams", "{\"count\": 3}", TOKEN));
            assertThat(again.get("workflowId").asText()).isEqualTo(id);
            assertThat(again.get("runId").asText()).isEqualTo(started.get("runId").asText());
            JsonNode other = json(post(client, "/api/v1/teams", "{\"count\": 4}", TOKEN));
            assertThat(other.get("workflowId").asText()).isNotEqualTo(id);

            Answer job = get(client, "/api/v1/jobs/" + id);
            assertThat(job.code()).isEqualTo(200);
            JsonNode body = json(job);
            assertThat(body.get("status").asText()).isEqualTo("running");
            assertThat(body.get("type").asText()).isEqualTo("CreateTeams");
            assertThat(body.get("note").asText()).isEqualTo("no worker answered within 2 s");
            assertThat(get(client, "/api/v1/jobs/teams-nothing").code()).isEqualTo(404);
        });
    }

    @Test
    void initStartsTheOneInitJob() {
        JavalinTest.test(app, (server, client) -> {
            Answer response = post(client, "/api/v1/init", "", TOKEN);
            assertThat(response.code()).isEqualTo(202);
            assertThat(json(response).get("workflowId").asText()).isEqualTo("init");
            assertThat(json(post(client, "/api/v1/init", "", TOKEN)).get("workflowId").asText()).isEqualTo("init");
        });
    }

    @Test
    void teamsComeFromTheDirectoryAndCredentialsFromTheirSecret() {
        JavalinTest.test(app, (server, client) -> {
            JsonNode teams = json(get(client, "/api/v1/teams"));
            assertThat(teams).hasSize(1);
            assertThat(teams.get(0).get("name").asText()).isEqualTo("red");
            assertThat(teams.get(0).get("state").asText()).isEqualTo("READY");
            assertThat(get(client, "/api/v1/teams/blue").code()).isEqualTo(404);
            assertThat(get(client, "/api/v1/teams/NOT_A_NAME").code()).isEqualTo(404);

            Answer credentials = get(client, "/api/v1/teams/red/credentials");
            assertThat(credentials.code()).isEqualTo(200);
            assertThat(credentials.header("Cache-Control")).isEqualTo("no-store");
            JsonNode body = json(credentials);
            assertThat(body.get("gitUser").asText()).isEqualTo("red");
            assertThat(body.get("gitPassword").asText()).isEqualTo("s3cret-git-pw");
            assertThat(body.get("gitUrl").asText()).isEqualTo("http://198.18.255.1:3000");
            assertThat(get(client, "/api/v1/teams/blue/credentials").code()).isEqualTo(404);
        });
    }

    @Test
    void anApiWithoutKubernetesSaysWhereTheCredentialsAreWith501() {
        Javalin noKube = ApiServer.create(new ApiContext("127.0.0.1", 0, Secret.of(TOKEN), List.of(),
                Duration.ofSeconds(1), temporal.getWorkflowClient(), FakeServices.services(List.of(RED),
                        new CredentialsInSecrets(team -> "ns-" + team, "team-credentials", "team-ssh"))));
        JavalinTest.test(noKube, (server, client) -> {
            Answer answer = get(client, "/api/v1/teams/red/credentials");
            assertThat(answer.code()).isEqualTo(501);
            JsonNode body = json(answer);
            assertThat(body.get("error").asText())
                    .contains("KATANA_KUBECONFIG is not set")
                    .contains("Secret team-credentials").contains("Secret team-ssh").contains("namespace ns-red");
            assertThat(body.get("details").get("kubectl").asText())
                    .isEqualTo("kubectl -n ns-red get secret team-credentials -o jsonpath='{.data.password}' | base64 -d");
            assertThat(get(client, "/api/v1/teams/NOT_A_NAME/credentials").code()).isEqualTo(404);
        });
    }
}
