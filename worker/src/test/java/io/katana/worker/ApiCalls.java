package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import io.katana.activities.common.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Calls to a running Katana API as an organiser makes them, for the ITs that start one. */
final class ApiCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String api;
    private final String token;

    /** @param api the API's base, e.g. {@code http://127.0.0.1:8080/api/v1} */
    ApiCalls(String api, String token) {
        this.api = api;
        this.token = token;
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as("GET " + path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** Polls the job until it is no longer running and returns its last state; it must have completed. */
    JsonNode awaitJob(HttpResponse<String> started) throws Exception {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("workflowId").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
        JsonNode job;
        do {
            Thread.sleep(500);
            job = JSON.readTree(get("/jobs/" + id).body());
        } while (job.path("status").asText().equals("running") && Instant.now().isBefore(deadline));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("completed");
        return job;
    }

    /** A multipart upload of {@code content} as the field {@code file}. */
    HttpResponse<String> upload(String path, String filename, byte[] content) throws Exception {
        String boundary = "katana-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/gzip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A folder packed as an organiser packs it ({@code tar czf} from its parent), with fixed
     * times and owners, so the same files are the same archive, and the same challenge version.
     */
    static byte[] pack(Path parent, String folder) throws Exception {
        Process tar = new ProcessBuilder("bash", "-c", "tar --sort=name --mtime=@0 --owner=0 --group=0"
                + " --numeric-owner -cf - -C \"$0\" \"$1\" | gzip -n", parent.toString(), folder)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] archive = tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor()).as("tar of " + folder).isZero();
        return archive;
    }

    /** Waits for the push's patch record to reach a final status, polling every 100 ms. */
    JsonNode awaitPatch(String team, String challenge, String commit, Duration limit) throws Exception {
        String id = "patch-" + team + "." + challenge + "." + commit;
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = get("/patches/" + id);
            if (answer.statusCode() == 200) {
                JsonNode patch = JSON.readTree(answer.body());
                if (io.katana.workflows.patch.PatchStatus.valueOf(patch.get("status").asText()).isFinal()) {
                    return patch;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("patch " + id + " did not end in " + limit.toSeconds() + " s: "
                + get("/patches/" + id).body());
    }

    /** The web-echo sample packed under another name, so that a test has copies of its own. */
    static byte[] sampleAs(String name) throws Exception {
        Path dir = Files.createTempDirectory("katana-sample-");
        try {
            Trees.copy(SAMPLES.resolve("web-echo"), dir.resolve(name));
            Path yaml = dir.resolve(name).resolve("challenge.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("name: web-echo", "name: " + name));
            return pack(dir, name);
        } finally {
            Trees.deleteQuietly(dir);
        }
    }

    static final Path SAMPLES = Path.of("..", "deploy", "examples", "challenges");

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Polls {@code url} (a {@code /metrics}) until every pattern finds a line, and returns the
     * text; the SDK reports its meters every few seconds, so a first scrape may lack them.
     */
    static String awaitMetrics(String url, Duration limit, String... linePatterns) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        java.util.List<String> missing;
        String text = "";
        do {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            text = answer.statusCode() == 200 ? answer.body() : "";
            String body = text;
            missing = java.util.Arrays.stream(linePatterns).filter(pattern -> body.lines()
                    .noneMatch(line -> line.matches(pattern))).toList();
            if (missing.isEmpty()) {
                return text;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(url + " never showed " + missing);
    }
}
