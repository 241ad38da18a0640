package io.katana.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP API: the few commands a
 * page test needs. Chromedriver listens on loopback only; Chromium runs with a throwaway profile
 * and the switches that keep it from fetching anything off this machine. {@link #close()} ends the
 * session and stops the processes this object started, by their PIDs.
 */
final class WebDriver implements AutoCloseable {

    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process driver;
    private final String base;
    private final Path profile;
    private final String session;

    private WebDriver(Process driver, String base, Path profile, String session) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
        this.session = session;
    }

    /** Starts chromedriver on a free loopback port and opens a headless Chromium session. */
    static WebDriver start(String chromedriver, String chromium, Path logDir) throws Exception {
        int port = ApiCalls.freePort();
        Files.createDirectories(logDir);
        // No --log-path and errors only: chromedriver's command log would hold the text typed into the page.
        Process driver = new ProcessBuilder(chromedriver, "--port=" + port, "--allowed-ips=127.0.0.1",
                "--log-level=SEVERE").redirectErrorStream(true)
                .redirectOutput(logDir.resolve("chromedriver.out").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        Path profile = Files.createTempDirectory(logDir, "chromium-profile-");
        try {
            awaitReady(base, driver);
            ObjectNode capabilities = ApiCalls.JSON.createObjectNode();
            ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            ObjectNode options = always.putObject("goog:chromeOptions");
            options.put("binary", chromium);
            var args = options.putArray("args");
            List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-default-apps",
                    "--disable-extensions", "--disable-client-side-phishing-detection",
                    "--disable-domain-reliability", "--metrics-recording-only", "--password-store=basic",
                    "--user-data-dir=" + profile.toAbsolutePath()).forEach(args::add);
            JsonNode created = call(base, "POST", "/session", capabilities);
            return new WebDriver(driver, base, profile, created.at("/value/sessionId").asText());
        } catch (Exception | AssertionError e) {
            stop(driver);
            throw e;
        }
    }

    void open(String url) throws Exception {
        command("POST", "/url", Map.of("url", url));
    }

    String currentUrl() throws Exception {
        return command("GET", "/url", null).get("value").asText();
    }

    String pageSource() throws Exception {
        return command("GET", "/source", null).get("value").asText();
    }

    /** The id of the first element the CSS selector matches. */
    String find(String css) throws Exception {
        JsonNode found = command("POST", "/element", Map.of("using", "css selector", "value", css)).get("value");
        if (found == null || !found.hasNonNull(ELEMENT)) {
            throw new AssertionError("WebDriver found no element id for " + css + ": " + found);
        }
        return found.get(ELEMENT).asText();
    }

    void type(String element, String text) throws Exception {
        command("POST", "/element/" + element + "/value", Map.of("text", text));
    }

    void click(String element) throws Exception {
        command("POST", "/element/" + element + "/click", Map.of());
    }

    /** Runs the script in the page ({@code return ...}) and gives its value. */
    JsonNode script(String script, Object... args) throws Exception {
        return command("POST", "/execute/sync", Map.of("script", script, "args", List.of(args))).get("value");
    }

    /** Resizes the browser's window (headless: the page's viewport as well). */
    void resize(int width, int height) throws Exception {
        command("POST", "/window/rect", Map.of("width", width, "height", height));
    }

    /** The page as the browser renders it now, as PNG bytes. */
    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(command("GET", "/screenshot", null).get("value").asText());
    }

    private JsonNode command(String method, String path, Object body) throws Exception {
        return call(base, method, "/session/" + session + path, body);
    }

    private static JsonNode call(String base, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(ApiCalls.JSON.writeValueAsString(body)));
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = ApiCalls.JSON.readTree(answer.body());
        if (answer.statusCode() != 200) {
            throw new AssertionError("WebDriver " + method + " " + path + ": HTTP " + answer.statusCode() + " "
                    + json.at("/value/error").asText() + ": " + json.at("/value/message").asText());
        }
        return json;
    }

    private static void awaitReady(String base, Process driver) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (!driver.isAlive()) {
                throw new AssertionError("chromedriver exited with " + driver.exitValue());
            }
            try {
                HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200 && ApiCalls.JSON.readTree(status.body()).at("/value/ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromedriver was not ready within 20 s");
    }

    @Override
    public void close() {
        try {
            call(base, "DELETE", "/session/" + session, null);
        } catch (Exception | AssertionError e) {
            // The processes are stopped below whatever the session's state.
        } finally {
            stop(driver);
            io.katana.activities.common.Trees.deleteQuietly(profile);
        }
    }

    /** Chromium's processes (children of chromedriver), then chromedriver itself. */
    private static void stop(Process driver) {
        List<ProcessHandle> children = driver.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        driver.destroy();
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            driver.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }
}
