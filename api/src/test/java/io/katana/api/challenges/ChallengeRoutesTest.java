package io.katana.api.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.katana.api.ApiContext;
import io.katana.api.ApiServer;
import io.katana.api.FakeServices;
import io.katana.workflows.challenge.BroadcastRequest;
import io.katana.workflows.challenge.ChallengeSpec;
import io.katana.workflows.challenge.ContainerSpec;
import io.katana.workflows.common.Secret;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upload route on the real app: refusals with their reason, and one broadcast per content. */
class ChallengeRoutesTest {

    private static final String TOKEN = "0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestWorkflowEnvironment temporal;
    private io.javalin.Javalin app;
    private final AtomicInteger stored = new AtomicInteger();

    @BeforeEach
    void start() {
        temporal = TestWorkflowEnvironment.newInstance();
        ChallengeCatalog catalog = new ChallengeCatalog() {
            @Override
            public long maxArchiveBytes() {
                return 4096;
            }

            @Override
            public BroadcastRequest accept(byte[] archive) {
                String content = new String(archive, StandardCharsets.UTF_8);
                if (content.contains("..")) {
                    throw new Refused("'web-echo/../evil' escapes the top folder (..)");
                }
                stored.incrementAndGet();
                String sha = (content.contains("v2") ? "bb" : "aa").repeat(32);
                return new BroadcastRequest(new ChallengeSpec("web-echo", new ContainerSpec("app", List.of(8080),
                        Map.of(), ContainerSpec.Resources.NONE), List.of(), 1), sha, null, null);
            }

            @Override
            public List<Map<String, Object>> list() {
                return List.of(Map.of("name", "web-echo", "teams", List.of()));
            }

            @Override
            public Optional<Map<String, Object>> find(String name) {
                return list().stream().filter(c -> c.get("name").equals(name)).findFirst();
            }
        };
        app = ApiServer.create(new ApiContext("127.0.0.1", 0, Secret.of(TOKEN), List.of(), Duration.ofSeconds(1),
                temporal.getWorkflowClient(), FakeServices.services(List.of(), team -> Optional.empty(), catalog)));
    }

    @AfterEach
    void stop() {
        temporal.close();
    }

    private static HttpResponse<String> upload(String origin, String field, byte[] content) throws Exception {
        String boundary = "katana-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                + "\"; filename=\"web-echo.tar.gz\"\r\nContent-Type: application/gzip\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/challenges"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRefusedPackageIsAnsweredWithItsReasonAndNothingIsStored() {
        JavalinTest.test(app, (server, client) -> {
            HttpResponse<String> answer = upload(client.getOrigin(), "file", "web-echo/../evil".getBytes());

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").asText())
                    .isEqualTo("'web-echo/../evil' escapes the top folder (..)");
            assertThat(stored).hasValue(0);
        });
    }

    @Test
    void noFileOrTooLargeAFileIsRefused() {
        JavalinTest.test(app, (server, client) -> {
            HttpResponse<String> missing = upload(client.getOrigin(), "archive", "x".getBytes());
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(missing.body()).get("error").asText())
                    .isEqualTo("no archive: send it as the multipart field 'file'");

            HttpResponse<String> large = upload(client.getOrigin(), "file", new byte[5000]);
            assertThat(large.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(large.body()).get("error").asText())
                    .isEqualTo("the archive is larger than 4096 bytes");
        });
    }

    @Test
    void theSameContentTwiceIsOneBroadcastAndAChangedOneAnother() {
        JavalinTest.test(app, (server, client) -> {
            JsonNode first = JSON.readTree(upload(client.getOrigin(), "file", "v1".getBytes()).body());
            JsonNode again = JSON.readTree(upload(client.getOrigin(), "file", "v1".getBytes()).body());
            HttpResponse<String> changed = upload(client.getOrigin(), "file", "v2".getBytes());

            assertThat(first.get("workflowId").asText()).isEqualTo("challenge-web-echo.aaaaaaaaaaaa");
            assertThat(again.get("runId").asText()).isEqualTo(first.get("runId").asText());
            assertThat(changed.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(changed.body()).get("workflowId").asText())
                    .isEqualTo("challenge-web-echo.bbbbbbbbbbbb");
            JsonNode listed = JSON.readTree(client.get("/api/v1/challenges",
                    r -> r.header("Authorization", "Bearer " + TOKEN)).body().string());
            assertThat(listed.get(0).get("name").asText()).isEqualTo("web-echo");
        });
    }
}
