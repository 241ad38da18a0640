package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katana.worker.config.KatanaConfig;
import io.katana.workflows.testkit.TestBed;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium against the real test bed: the login form takes the token
 * (which then appears in neither the URL nor the page), the running team creation and broadcast
 * show their progress, the board shows the teams' copies READY with their real digests, and a push
 * made with {@code patch_challenge} in a master pod appears on the open page, without a reload,
 * with its status. Saves {@code target/dashboard.png}.
 */
class DashboardIT {

    private static final String CHALLENGE = "dash-echo";
    private static final List<String> TEAMS = List.of("dash-0", "dash-1");
    /** Fixed: the webhook URL registered by the broadcast names the API's port. */
    private static final int API_PORT = 18095;
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @Test
    void theBoardShowsTheTestBedAndAPatchArrivesWithoutAReload() throws Exception {
        String token = TestBed.env("KATANA_ADMIN_TOKEN");
        String chromium = System.getenv().getOrDefault("KATANA_TESTBED_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("KATANA_TESTBED_CHROMEDRIVER", "/usr/bin/chromedriver");
        assertThat(Path.of(chromium)).as("Chromium (KATANA_TESTBED_CHROMIUM; testbed.sh up installs it)").isExecutable();
        assertThat(Path.of(chromedriver)).as("chromedriver (KATANA_TESTBED_CHROMEDRIVER)").isExecutable();
        try (ServerSocket free = new ServerSocket(API_PORT, 1, java.net.InetAddress.getLoopbackAddress())) {
            // The port must be free: another process answering there would receive this test's webhooks.
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KATANA_API_PORT", Integer.toString(API_PORT));
        env.put("KATANA_TASK_QUEUE", "katana-it-dash");
        env.put("KATANA_RECONCILE_EVERY", "0");
        String site = "http://127.0.0.1:" + API_PORT;
        ApiCalls api = new ApiCalls(site + "/api/v1", token);
        Files.deleteIfExists(SCREENSHOT);

        try (ItSystems systems = new ItSystems();
                Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env));
                WebDriver browser = WebDriver.start(chromedriver, chromium, Path.of("target", "dashboard-it"))) {
            api.awaitJob(api.post("/init", ""));

            // 1. The login form; the token typed into it, as an organiser does.
            browser.open(site + "/");
            assertThat(browser.pageSource()).contains("Admin token").doesNotContain("id=\"board\"");
            browser.type(browser.find("#token"), token);
            browser.click(browser.find("#login button[type=submit]"));
            awaitPage(browser, "return document.querySelector('#live') !== null"
                    + " && document.querySelector('#live').textContent.startsWith('live')", Duration.ofSeconds(30));
            assertThat(browser.currentUrl()).isEqualTo(site + "/");
            assertThat(browser.currentUrl().contains(token)).as("the token is in the URL").isFalse();
            assertThat(browser.pageSource().contains(token)).as("the token is in the page").isFalse();
            assertThat(browser.script("return document.cookie").asText())
                    .as("the session cookie is HttpOnly").doesNotContain("katana_session");
            // Survives as long as the page is not reloaded.
            browser.script("window.katanaNotReloaded = true; return true");

            // 2. The team creation and the broadcast, with their progress while they run.
            String teamsSeen = watchJob(api, browser, api.post("/teams",
                    "{\"names\": [\"" + String.join("\", \"", TEAMS) + "\"]}"));
            String broadcastSeen = watchJob(api, browser, api.upload("/challenges", CHALLENGE + ".tar.gz",
                    ApiCalls.sampleAs(CHALLENGE)));

            // 3. The board: each team's copy READY with the digest and commit MongoDB holds.
            Map<String, JsonNode> copies = new HashMap<>();
            api.getJson("/challenges/" + CHALLENGE).get("teams").forEach(copy -> copies.put(copy.get("team").asText(),
                    copy));
            for (String team : TEAMS) {
                JsonNode copy = copies.get(team);
                assertThat(copy).as("the copy of " + team).isNotNull();
                assertThat(copy.get("state").asText()).isEqualTo("READY");
                String image = copy.get("image").asText();
                String shortDigest = image.substring(image.indexOf('@') + 1, image.indexOf('@') + 1 + 7 + 12);
                String cell = awaitCell(browser, team, List.of("READY", shortDigest,
                        "commit " + copy.get("commit").asText().substring(0, 7)), Duration.ofSeconds(30));
                System.out.printf("board cell %s/%s: %s%n", team, CHALLENGE, cell.replace('\n', ' '));
                assertThat(text(browser, "#grid tr[data-team='" + team + "'] th")).contains(team, "READY");
            }

            // 4. A push from dash-0's master pod, delivered by the git server's webhook: it appears on the open page.
            String team = TEAMS.get(0);
            String head = copies.get(team).get("commit").asText();
            systems.awaitOutput(team, "cat ~/challenges/.katana-sync", CHALLENGE + " " + head);
            String mark = "dash-" + UUID.randomUUID().toString().substring(0, 8);
            Instant pushed = Instant.now();
            String commit = systems.patchChallenge(team, CHALLENGE, "echo '<p>" + mark + "</p>' >> www/index.html",
                    "dashboard " + mark);
            String row = awaitPage(browser, "const r = document.querySelector(\"#latest tr[data-patch-commit='\""
                    + " + arguments[0] + \"']\"); return r && /LIVE|FAILED|ROLLED BACK|SUPERSEDED/.test(r.innerText)"
                    + " ? r.innerText : null", Duration.ofMinutes(4), commit);
            System.out.printf("the page showed the patch %.1f s after the push: %s%n",
                    Duration.between(pushed, Instant.now()).toMillis() / 1000.0, oneLine(row));
            JsonNode record = api.awaitPatch(team, CHALLENGE, commit, Duration.ofSeconds(30));
            assertThat(record.get("status").asText()).as(record.toString()).isEqualTo("LIVE");
            assertThat(row).contains(commit.substring(0, 7), "LIVE", "dashboard " + mark, "WEBHOOK");
            String image = record.get("digest").asText();
            String cell = awaitCell(browser, team, List.of("READY", image.substring(image.indexOf('@') + 1,
                    image.indexOf('@') + 20), "commit " + commit.substring(0, 7), "LIVE"), Duration.ofSeconds(30));
            assertThat(browser.script("return window.katanaNotReloaded === true").asBoolean())
                    .as("the page was not reloaded").isTrue();
            assertThat(browser.script("return document.querySelector(\"#latest tr[data-patch-commit='\" + arguments[0]"
                    + " + \"'] a\").href", commit).asText())
                    .isEqualTo(env.get("KATANA_TEMPORAL_UI_URL").replaceAll("/+$", "") + "/namespaces/"
                            + env.get("KATANA_TEMPORAL_NAMESPACE") + "/workflows/patch-" + team + "." + CHALLENGE + "."
                            + commit);

            System.out.println("running jobs the page showed: team creation [" + oneLine(teamsSeen)
                    + "], broadcast [" + oneLine(broadcastSeen) + "]");
            System.out.println("board after the patch:\n" + text(browser, "#grid"));
            System.out.println("latest patches (first rows):\n" + text(browser, "#latest").lines().limit(4)
                    .reduce((a, b) -> a + "\n" + b).orElse(""));
            System.out.printf("cell %s/%s after the patch: %s%n", team, CHALLENGE, cell.replace('\n', ' '));
            assertThat(browser.pageSource().contains(token)).as("the token is in the page").isFalse();

            // The whole page in one picture: the window as tall as the page (the test bed holds other ITs' teams too).
            int height = browser.script("return document.documentElement.scrollHeight").asInt();
            browser.resize(1400, Math.min(Math.max(height + 120, 1000), 8000));
            byte[] png = browser.screenshot();
            Files.write(SCREENSHOT, png);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            assertThat(png.length).as("screenshot bytes").isGreaterThan(20_000);
            System.out.printf("screenshot: %s (%d bytes)%n", SCREENSHOT.toAbsolutePath(), png.length);
        }
        Path driverLog = Path.of("target", "dashboard-it", "chromedriver.out");
        assertThat(Files.readString(driverLog).contains(token)).as("the token is in " + driverLog).isFalse();
    }

    /**
     * Follows the job to its end through the API while watching the page's running jobs; a job
     * that was seen running must have been on the page. The last row the page showed for it, or null.
     */
    private static String watchJob(ApiCalls api, WebDriver browser, HttpResponse<String> started) throws Exception {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = ApiCalls.JSON.readTree(started.body()).get("workflowId").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
        boolean running = false;
        String seen = null;
        JsonNode job;
        while (true) {
            job = ApiCalls.JSON.readTree(api.get("/jobs/" + id).body());
            boolean now = job.path("status").asText().equals("running");
            running |= now;
            JsonNode row = browser.script("const r = document.querySelector(\"#running tr[data-workflow='\""
                    + " + arguments[0] + \"']\"); return r ? r.innerText : null", id);
            if (!row.isNull()) {
                seen = row.asText();
            }
            if (!now || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("completed");
        if (running) {
            assertThat(seen).as("the page's running jobs while " + id + " ran").isNotNull().contains(id);
        } else {
            System.out.println(id + " had completed in an earlier run: nothing ran to show");
        }
        return seen;
    }

    private static String awaitCell(WebDriver browser, String team, List<String> expected, Duration limit)
            throws Exception {
        String css = "#grid td[data-cell='" + team + "/" + CHALLENGE + "']";
        Instant deadline = Instant.now().plus(limit);
        String cell = "";
        while (Instant.now().isBefore(deadline)) {
            cell = text(browser, css);
            String shown = cell;
            if (expected.stream().allMatch(shown::contains)) {
                return cell;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the cell " + team + "/" + CHALLENGE + " never showed " + expected + ": '" + cell
                + "'");
    }

    private static String awaitPage(WebDriver browser, String script, Duration limit, Object... args)
            throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            JsonNode value = browser.script(script, args);
            if (value.isTextual() || value.isBoolean() && value.asBoolean()) {
                return value.asText();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the page never satisfied: " + script + "\n" + text(browser, "main"));
    }

    private static String text(WebDriver browser, String css) throws Exception {
        JsonNode value = browser.script("const e = document.querySelector(arguments[0]);"
                + " return e ? e.innerText : ''", css);
        return value.asText();
    }

    private static String oneLine(String text) {
        return text == null ? "not shown" : text.replaceAll("\\s+", " ").strip();
    }
}
