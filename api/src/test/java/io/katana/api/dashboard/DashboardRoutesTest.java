package io.katana.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.katana.api.ApiContext;
import io.katana.api.ApiServer;
import io.katana.api.FakeServices;
import io.katana.api.challenges.ChallengeCatalog;
import io.katana.api.patches.Patches;
import io.katana.workflows.challenge.BroadcastRequest;
import io.katana.workflows.common.Progress;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.TeamRecord;
import io.katana.workflows.team.TeamState;
import io.temporal.client.WorkflowClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The dashboard on the real app: login and session, the board's JSON, its event stream, logout. */
class DashboardRoutesTest {

    private static final String TOKEN = "0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");
    private static final String DIGEST = "sha256:" + "ab12cd34ef56".repeat(5) + "0123";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String BAD_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

    private static final List<TeamRecord> TEAMS = List.of(
            new TeamRecord("team-10", TeamState.READY, "team-10", "team-10", "master-0", null, NOW, NOW),
            new TeamRecord("team-2", TeamState.FAILED, "team-2", "team-2", null, "quota exceeded", NOW, null));

    private static final ChallengeCatalog CHALLENGES = FakeServices.challenges(List.of(Map.of("name", "web-echo",
            "teams", List.of(copy("team-2", "FAILED", null, null, "the repo could not be created"),
                    copy("team-10", "READY", "127.0.0.1:5000/katana/web-echo@" + DIGEST, COMMIT, null)))));

    private static Map<String, Object> copy(String team, String state, String image, String commit, String error) {
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("team", team);
        copy.put("challenge", "web-echo");
        copy.put("version", "abcdef012345");
        copy.put("state", state);
        copy.put("image", image);
        copy.put("commit", commit);
        copy.put("error", error);
        copy.put("patchSequence", 2L);
        copy.put("updatedAt", Date.from(NOW));
        return copy;
    }

    private static Map<String, Object> patch(String commit, String status, String error, Instant received) {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("id", "patch-team-10.web-echo." + commit);
        patch.put("team", "team-10");
        patch.put("challenge", "web-echo");
        patch.put("commit", commit);
        patch.put("message", "<script>alert(1)</script>");
        patch.put("pusher", "team-10");
        patch.put("trigger", "WEBHOOK");
        patch.put("status", status);
        patch.put("error", error);
        patch.put("receivedAt", Date.from(received));
        patch.put("stages", List.of(Map.of("name", "fetch", "millis", 120L), Map.of("name", "build", "millis", 4100L)));
        return patch;
    }

    private static final Patches PATCHES = FakeServices.patches(List.of(
            patch(BAD_COMMIT, "ROLLED_BACK", "not ready within 90 s", NOW.plusSeconds(60)),
            patch(COMMIT, "LIVE", null, NOW)));

    private static final RunningJobs ONE_JOB = () -> List.of(new RunningJobs.Job("teams-abc", "CreateTeams", "teams",
            NOW, new Progress(3, 5, 1), null));

    private static Javalin app(RunningJobs jobs) {
        return app(jobs, PATCHES);
    }

    private static Javalin app(RunningJobs jobs, Patches patches) {
        return ApiServer.create(new ApiContext("127.0.0.1", 0, Secret.of(TOKEN), List.of(), Duration.ofSeconds(1),
                mock(WorkflowClient.class), FakeServices.services(TEAMS, team -> Optional.empty(), CHALLENGES, patches)),
                jobs);
    }

    private static HttpResponse<String> send(String origin, String method, String path, String form,
            Consumer<HttpRequest.Builder> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(form));
        headers.accept(request);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> login(String origin, String token) throws Exception {
        return send(origin, "POST", "/login", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                r -> r.header("Origin", origin));
    }

    /** The session cookie's {@code name=value} from a successful login. */
    private static String session(String origin) throws Exception {
        HttpResponse<String> answer = login(origin, TOKEN);
        assertThat(answer.statusCode()).isEqualTo(303);
        String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void withoutASessionTheRootIsTheLoginForm() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            HttpResponse<String> page = send(client.getOrigin(), "GET", "/", null, r -> { });
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("action=\"/login\"", "name=\"token\"", "type=\"password\"")
                    .doesNotContain("id=\"board\"");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'none'", "script-src 'self'");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        });
    }

    @Test
    void aWrongTokenShowsTheFormAgainWith401AndNeverEchoesIt() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            String wrong = "wrong-token-" + "x".repeat(20);
            HttpResponse<String> answer = login(client.getOrigin(), wrong);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).contains("Wrong token.", "action=\"/login\"").doesNotContain(wrong);
            assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        });
    }

    @Test
    void theRightTokenOpensASessionWithAStrictHttpOnlyCookie() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            String origin = client.getOrigin();
            HttpResponse<String> answer = login(origin, TOKEN);
            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location")).hasValue("/");
            String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("katana_session=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/",
                    "; Max-Age=43200").doesNotContain(TOKEN).doesNotContain("Secure");
            assertThat(cookie.substring("katana_session=".length(), cookie.indexOf(';'))).matches("[A-Za-z0-9_-]{43}");

            HttpResponse<String> page = send(origin, "GET", "/", null,
                    r -> r.header("Cookie", cookie.substring(0, cookie.indexOf(';'))));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"board\"", "/dashboard/dashboard.js").doesNotContain(TOKEN);
            assertThat(send(origin, "GET", "/dashboard/dashboard.js", null, r -> { }).body())
                    .contains("EventSource").doesNotContain("innerHTML");
        });
    }

    @Test
    void aLoginFromAnotherOriginIsRefused() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            String form = "token=" + TOKEN;
            HttpResponse<String> foreign = send(client.getOrigin(), "POST", "/login", form,
                    r -> r.header("Origin", "http://evil.example"));
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.headers().firstValue("Set-Cookie")).isEmpty();
            HttpResponse<String> none = send(client.getOrigin(), "POST", "/login", form, r -> { });
            assertThat(none.statusCode()).isEqualTo(403);
        });
    }

    @Test
    void theBoardNeedsTheTokenOrASession() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            String origin = client.getOrigin();
            assertThat(send(origin, "GET", "/api/v1/board", null, r -> { }).statusCode()).isEqualTo(401);
            assertThat(send(origin, "GET", "/api/v1/board", null, r -> r.header("Cookie", "katana_session=made-up"))
                    .statusCode()).isEqualTo(401);
            assertThat(send(origin, "GET", "/api/v1/board/events", null, r -> { }).statusCode()).isEqualTo(401);
            assertThat(send(origin, "GET", "/api/v1/board", null, r -> r.header("Authorization", "Bearer " + TOKEN))
                    .statusCode()).isEqualTo(200);
            String session = session(origin);
            assertThat(send(origin, "GET", "/api/v1/board", null, r -> r.header("Cookie", session)).statusCode())
                    .isEqualTo(200);
        });
    }

    @Test
    void theBoardShowsTeamsByChallengesPatchesAndRunningJobs() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            HttpResponse<String> answer = send(client.getOrigin(), "GET", "/api/v1/board", null,
                    r -> r.header("Authorization", "Bearer " + TOKEN));
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode body = JSON.readTree(answer.body());
            assertThat(Instant.parse(body.get("serverTime").asText())).isNotNull();
            JsonNode board = body.get("board");

            assertThat(board.get("teams").findValuesAsText("name")).containsExactly("team-2", "team-10");
            JsonNode failedTeam = board.get("teams").get(0);
            assertThat(failedTeam.get("state").asText()).isEqualTo("FAILED");
            assertThat(failedTeam.get("failing").asBoolean()).isTrue();
            assertThat(failedTeam.get("temporalUi").asText())
                    .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/team-team-2");

            JsonNode challenge = board.get("challenges").get(0);
            assertThat(challenge.get("name").asText()).isEqualTo("web-echo");
            assertThat(challenge.get("workflowId").asText()).isEqualTo("challenge-web-echo.abcdef012345");

            JsonNode ready = cell(board, "team-10");
            assertThat(ready.get("state").asText()).isEqualTo("READY");
            assertThat(ready.get("digest").asText()).isEqualTo(DIGEST);
            assertThat(ready.get("shortDigest").asText()).isEqualTo("sha256:ab12cd34ef56");
            assertThat(ready.get("shortCommit").asText()).isEqualTo("0123456");
            assertThat(ready.at("/lastPatch/commit").asText()).isEqualTo(BAD_COMMIT);
            assertThat(ready.at("/lastPatch/status").asText()).isEqualTo("ROLLED_BACK");
            assertThat(ready.at("/lastPatch/receivedAt").asText()).isEqualTo("2026-12-04T02:01:00Z");
            assertThat(ready.get("failing").asBoolean()).as("its last patch was rolled back").isTrue();
            JsonNode failed = cell(board, "team-2");
            assertThat(failed.get("state").asText()).isEqualTo("FAILED");
            assertThat(failed.get("error").asText()).isEqualTo("the repo could not be created");
            assertThat(failed.get("failing").asBoolean()).isTrue();
            assertThat(failed.get("lastPatch").isNull()).isTrue();

            JsonNode patches = board.get("patches");
            assertThat(patches.findValuesAsText("commit")).containsExactly(BAD_COMMIT, COMMIT);
            JsonNode live = patches.get(1);
            assertThat(live.get("status").asText()).isEqualTo("LIVE");
            assertThat(live.at("/stages/fetch/millis").asLong()).isEqualTo(120);
            assertThat(live.at("/stages/build/millis").asLong()).isEqualTo(4100);
            assertThat(live.get("message").asText()).isEqualTo("<script>alert(1)</script>");
            assertThat(live.get("temporalUi").asText()).endsWith("/workflows/patch-team-10.web-echo." + COMMIT);
            assertThat(patches.get(0).get("failing").asBoolean()).isTrue();
            assertThat(patches.get(0).get("error").asText()).isEqualTo("not ready within 90 s");

            JsonNode job = board.at("/jobs/running/0");
            assertThat(job.get("workflowId").asText()).isEqualTo("teams-abc");
            assertThat(job.get("kind").asText()).isEqualTo("teams");
            assertThat(job.at("/progress/done").asInt()).isEqualTo(3);
            assertThat(job.at("/progress/total").asInt()).isEqualTo(5);
            assertThat(job.at("/progress/failed").asInt()).isEqualTo(1);
            assertThat(job.get("temporalUi").asText()).endsWith("/workflows/teams-abc");
            assertThat(board.at("/jobs/error").isNull()).isTrue();
        });
    }

    @Test
    void runningJobsThatCannotBeReadAreNamedOnTheBoard() {
        RunningJobs down = () -> {
            throw new IllegalStateException("visibility is unavailable");
        };
        JavalinTest.test(app(down), (server, client) -> {
            JsonNode board = JSON.readTree(send(client.getOrigin(), "GET", "/api/v1/board", null,
                    r -> r.header("Authorization", "Bearer " + TOKEN)).body()).get("board");
            assertThat(board.at("/jobs/error").asText()).contains("visibility is unavailable");
            assertThat(board.get("cells")).hasSize(2);
        });
    }

    @Test
    void theEventStreamSendsTheBoardAtOnceThenANewPatch() {
        List<Map<String, Object>> records = new java.util.concurrent.CopyOnWriteArrayList<>(
                List.of(patch(COMMIT, "LIVE", null, NOW)));
        JavalinTest.test(app(ONE_JOB, FakeServices.patches(records)), (server, client) -> {
            String session = session(client.getOrigin());
            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(
                    URI.create(client.getOrigin() + "/api/v1/board/events")).header("Cookie", session)
                    .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                    StandardCharsets.UTF_8))) {
                JsonNode first = nextBoard(lines);
                assertThat(first.at("/board/teams").findValuesAsText("name")).contains("team-10");
                assertThat(first.at("/board/patches").findValuesAsText("commit")).containsExactly(COMMIT);

                records.add(0, patch(BAD_COMMIT, "BUILDING", null, NOW.plusSeconds(5)));
                long start = System.nanoTime();
                JsonNode next = nextBoard(lines);
                assertThat(next.at("/board/patches").findValuesAsText("commit")).containsExactly(BAD_COMMIT, COMMIT);
                assertThat(next.at("/board/patches/0/status").asText()).isEqualTo("BUILDING");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        });
    }

    /** The data of the stream's next {@code board} event. */
    private static JsonNode nextBoard(BufferedReader lines) throws Exception {
        String event = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && "board".equals(event)) {
                return JSON.readTree(line.substring(5));
            }
        }
        throw new AssertionError("the event stream ended");
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            String origin = client.getOrigin();
            String session = session(origin);
            HttpResponse<String> foreign = send(origin, "POST", "/logout", "", r -> r.header("Cookie", session)
                    .header("Origin", "http://evil.example"));
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(send(origin, "GET", "/api/v1/board", null, r -> r.header("Cookie", session)).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> out = send(origin, "POST", "/logout", "", r -> r.header("Cookie", session)
                    .header("Origin", origin));
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("katana_session=;")
                    .contains("Max-Age=0");
            assertThat(send(origin, "GET", "/api/v1/board", null, r -> r.header("Cookie", session)).statusCode())
                    .isEqualTo(401);
            assertThat(send(origin, "GET", "/", null, r -> r.header("Cookie", session)).body())
                    .contains("action=\"/login\"");
        });
    }

    @Test
    void aCookieAuthenticatedChangeMustComeFromTheDashboardsOrigin() {
        JavalinTest.test(app(ONE_JOB), (server, client) -> {
            String origin = client.getOrigin();
            String session = session(origin);
            HttpResponse<String> forged = send(origin, "POST", "/api/v1/teams", "{\"count\": 1}",
                    r -> r.header("Cookie", session).header("Origin", "http://evil.example"));
            assertThat(forged.statusCode()).isEqualTo(403);
            HttpResponse<String> noOrigin = send(origin, "POST", "/api/v1/teams", "{\"count\": 1}",
                    r -> r.header("Cookie", session));
            assertThat(noOrigin.statusCode()).isEqualTo(403);
        });
    }

    private static JsonNode cell(JsonNode board, String team) {
        for (JsonNode cell : board.get("cells")) {
            if (cell.get("team").asText().equals(team)) {
                return cell;
            }
        }
        throw new AssertionError("no cell of " + team + " in " + board);
    }
}
