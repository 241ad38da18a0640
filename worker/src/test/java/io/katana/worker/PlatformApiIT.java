package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katana.worker.config.KatanaConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The organiser's path through the API on the real test bed: init, then three teams, each job
 * followed to its end through {@code /jobs}; then the same requests again, which change nothing; then
 * a sample challenge uploaded as an archive, broadcast to the three, and the same upload again.
 */
class PlatformApiIT {

    private static final List<String> TEAMS = List.of("team-0", "team-1", "team-2");

    @Test
    void initThenThreeTeamsThenTheSameAgainChangesNothing() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KATANA_API_PORT", Integer.toString(ApiCalls.freePort()));
        env.put("KATANA_TASK_QUEUE", "katana-it-" + UUID.randomUUID());
        env.put("KATANA_RECONCILE_EVERY", "0");
        ApiCalls api = new ApiCalls("http://127.0.0.1:" + env.get("KATANA_API_PORT") + "/api/v1",
                env.get("KATANA_ADMIN_TOKEN"));

        try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env));
                ItSystems systems = new ItSystems()) {
            JsonNode init = api.awaitJob(api.post("/init", ""));
            assertThat(init.at("/result/gitServer/version").asText()).isEqualTo("1.27.3");

            long start = System.nanoTime();
            JsonNode teams = api.awaitJob(api.post("/teams", "{\"count\": 3}"));
            System.out.printf("POST /teams {\"count\": 3} to completion: %.1f s%n", (System.nanoTime() - start) / 1e9);
            assertThat(teams.at("/result/failed")).isEmpty();
            assertThat(teams.at("/result/ready")).hasSize(3);
            for (String team : TEAMS) {
                systems.assertProvisioned(team);
            }
            JsonNode listed = api.getJson("/teams");
            assertThat(listed.findValuesAsText("name")).containsAll(TEAMS);
            HttpResponse<String> credentials = api.get("/teams/team-1/credentials");
            assertThat(credentials.statusCode()).isEqualTo(200);
            assertThat(ApiCalls.JSON.readTree(credentials.body()).get("gitUser").asText()).isEqualTo("team-1");

            Map<String, String> versions = new HashMap<>();
            TEAMS.forEach(team -> versions.put(team, systems.secretVersion(team)));
            JsonNode initAgain = api.awaitJob(api.post("/init", ""));
            assertThat(initAgain.at("/result/gitServer/installedNow").asBoolean()).isFalse();
            JsonNode teamsAgain = api.awaitJob(api.post("/teams", "{\"count\": 3}"));
            assertThat(teamsAgain.at("/result/ready")).hasSize(3)
                    .allSatisfy(team -> assertThat(team.get("gitUserCreated").asBoolean()).isFalse());
            for (String team : TEAMS) {
                systems.assertProvisioned(team);
                assertThat(systems.secretVersion(team)).as("credentials of " + team).isEqualTo(versions.get(team));
            }

            byte[] archive = ApiCalls.pack(ApiCalls.SAMPLES, "web-echo");
            long uploaded = System.nanoTime();
            JsonNode broadcast = api.awaitJob(api.upload("/challenges", "web-echo.tar.gz", archive));
            System.out.printf("POST /challenges web-echo to every team ready: %.1f s%n",
                    (System.nanoTime() - uploaded) / 1e9);
            assertThat(broadcast.at("/result/failed")).isEmpty();
            // Every READY team gets a copy: the three, and any other team earlier tests left.
            assertThat(broadcast.at("/result/ready").findValuesAsText("team")).containsAll(TEAMS);
            JsonNode challenge = api.getJson("/challenges/web-echo");
            assertThat(challenge.get("teams")).allSatisfy(copy -> {
                assertThat(copy.get("state").asText()).isEqualTo("READY");
                assertThat(copy.get("image").asText()).contains("@sha256:");
                assertThat(copy.has("webhookSecret")).as("the webhook secret stays inside Katana").isFalse();
            });
            assertThat(challenge.get("teams").findValuesAsText("team")).containsAll(TEAMS);

            HttpResponse<String> again = api.upload("/challenges", "web-echo.tar.gz", archive);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            assertThat(ApiCalls.JSON.readTree(again.body()).get("workflowId").asText())
                    .isEqualTo(broadcast.get("workflowId").asText());
            assertThat(ApiCalls.JSON.readTree(again.body()).path("note").asText()).contains("already done");

            HttpResponse<String> refused = api.upload("/challenges", "junk.tar.gz",
                    "not an archive".getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        }
    }
}
