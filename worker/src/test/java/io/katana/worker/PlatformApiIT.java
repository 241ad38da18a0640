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
import java.time.Duration;
import java.time.Instant;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> TEAMS = List.of("team-0", "team-1", "team-2");

    @Test
    void initThenThreeTeamsThenTheSameAgainChangesNothing() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KATANA_API_PORT", Integer.toString(freePort()));
        env.put("KATANA_TASK_QUEUE", "katana-it-" + UUID.randomUUID());
        String api = "http://127.0.0.1:" + env.get("KATANA_API_PORT") + "/api/v1";
        String token = env.get("KATANA_ADMIN_TOKEN");

        try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env));
                ItSystems systems = new ItSystems()) {
            JsonNode init = awaitJob(api, token, post(api + "/init", "", token));
            assertThat(init.at("/result/gitServer/version").asText()).isEqualTo("1.27.3");

            long start = System.nanoTime();
            JsonNode teams = awaitJob(api, token, post(api + "/teams", "{\"count\": 3}", token));
            System.out.printf("POST /teams {\"count\": 3} to completion: %.1f s%n", (System.nanoTime() - start) / 1e9);
            assertThat(teams.at("/result/failed")).isEmpty();
            assertThat(teams.at("/result/ready")).hasSize(3);
            for (String team : TEAMS) {
                systems.assertProvisioned(team);
            }
            JsonNode listed = JSON.readTree(get(api + "/teams", token).body());
            assertThat(listed.findValuesAsText("name")).containsAll(TEAMS);
            HttpResponse<String> credentials = get(api + "/teams/team-1/credentials", token);
            assertThat(credentials.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(credentials.body()).get("gitUser").asText()).isEqualTo("team-1");

            Map<String, String> versions = new HashMap<>();
            TEAMS.forEach(team -> versions.put(team, systems.secretVersion(team)));
            JsonNode initAgain = awaitJob(api, token, post(api + "/init", "", token));
            assertThat(initAgain.at("/result/gitServer/installedNow").asBoolean()).isFalse();
            JsonNode teamsAgain = awaitJob(api, token, post(api + "/teams", "{\"count\": 3}", token));
            assertThat(teamsAgain.at("/result/ready")).hasSize(3)
                    .allSatisfy(team -> assertThat(team.get("gitUserCreated").asBoolean()).isFalse());
            for (String team : TEAMS) {
                systems.assertProvisioned(team);
                assertThat(systems.secretVersion(team)).as("credentials of " + team).isEqualTo(versions.get(team));
            }

            byte[] archive = pack("web-echo");
            long uploaded = System.nanoTime();
            JsonNode broadcast = awaitJob(api, token, upload(api + "/challenges", "web-echo.tar.gz", archive, token));
            System.out.printf("POST /challenges web-echo to every team ready: %.1f s%n",
                    (System.nanoTime() - uploaded) / 1e9);
            assertThat(broadcast.at("/result/failed")).isEmpty();
            // Every READY team gets a copy: the three, and any other team earlier tests left.
            assertThat(broadcast.at("/result/ready").findValuesAsText("team")).containsAll(TEAMS);
            JsonNode challenge = JSON.readTree(get(api + "/challenges/web-echo", token).body());
            assertThat(challenge.get("teams")).allSatisfy(copy -> {
                assertThat(copy.get("state").asText()).isEqualTo("READY");
                assertThat(copy.get("image").asText()).contains("@sha256:");
                assertThat(copy.has("webhookSecret")).as("the webhook secret stays inside Katana").isFalse();
            });
            assertThat(challenge.get("teams").findValuesAsText("team")).containsAll(TEAMS);

            HttpResponse<String> again = upload(api + "/challenges", "web-echo.tar.gz", archive, token);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            assertThat(JSON.readTree(again.body()).get("workflowId").asText())
                    .isEqualTo(broadcast.get("workflowId").asText());
            assertThat(JSON.readTree(again.body()).path("note").asText()).contains("already done");

            HttpResponse<String> refused = upload(api + "/challenges", "junk.tar.gz",
                    "not an archive".getBytes(java.nio.charset.StandardCharsets.UTF_8), token);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        }
    }

    /** The sample as an organiser packs it: {@code tar czf} of its folder. */
    private static byte[] pack(String sample) throws Exception {
        Process tar = new ProcessBuilder("tar", "-czf", "-", "-C",
                java.nio.file.Path.of("..", "deploy", "examples", "challenges").toString(), sample)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] archive = tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor()).as("tar of " + sample).isZero();
        return archive;
    }

    private static HttpResponse<String> upload(String url, String filename, byte[] content, String token)
            throws Exception {
        String boundary = "katana-" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/gzip\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the job until it is no longer running and returns its last state; it must have completed. */
    private static JsonNode awaitJob(String api, String token, HttpResponse<String> started) throws Exception {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("workflowId").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
        JsonNode job;
        do {
            Thread.sleep(500);
            job = JSON.readTree(get(api + "/jobs/" + id, token).body());
        } while (job.path("status").asText().equals("running") && Instant.now().isBefore(deadline));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("completed");
        return job;
    }

    private static HttpResponse<String> post(String url, String body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
