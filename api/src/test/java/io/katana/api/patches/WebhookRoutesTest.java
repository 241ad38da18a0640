package io.katana.api.patches;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.katana.api.ApiContext;
import io.katana.api.ApiServer;
import io.katana.api.FakeServices;
import io.katana.workflows.common.Secret;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push webhook on the real app, signed as Gitea signs it, against an in-memory Temporal. */
class WebhookRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Secret SECRET = Secret.of("hook-secret-of-red-web-echo");
    private static final String AFTER = "5f3c1e".repeat(6) + "5f3c";

    private TestWorkflowEnvironment temporal;
    private io.javalin.Javalin app;

    @BeforeEach
    void start() {
        temporal = TestWorkflowEnvironment.newInstance();
        Patches patches = new Patches() {
            @Override
            public Optional<Secret> webhookSecret(String team, String challenge) {
                return team.equals("red") && challenge.equals("web-echo") ? Optional.of(SECRET) : Optional.empty();
            }

            @Override
            public List<Map<String, Object>> list(String team, String challenge, int limit) {
                return List.of();
            }

            @Override
            public Optional<Map<String, Object>> find(String patchId) {
                return Optional.empty();
            }

            @Override
            public Optional<LiveVersion> liveBefore(String team, String challenge, String commitOrDigest) {
                return Optional.empty();
            }
        };
        app = ApiServer.create(new ApiContext("127.0.0.1", 0, Secret.of("0123456789abcdef01234567"), List.of(),
                Duration.ofSeconds(1), temporal.getWorkflowClient(),
                FakeServices.services(List.of(), team -> Optional.empty(), FakeServices.services(List.of(),
                        team -> Optional.empty()).challenges(), patches)));
    }

    @AfterEach
    void stop() {
        temporal.close();
    }

    /** A push payload as Gitea 1.27 indents it, trimmed to what matters and one unknown key. */
    private static String push(String ref, String repo) {
        return "{\n  \"ref\": \"" + ref + "\",\n  \"before\": \"" + "0".repeat(40) + "\",\n  \"after\": \"" + AFTER
                + "\",\n  \"total_commits\": 1,\n  \"head_commit\": {\"id\": \"" + AFTER
                + "\", \"message\": \"fix the overflow\\n\"},\n  \"commits\": null,\n  \"repository\": {\"full_name\": \""
                + repo + "\"},\n  \"pusher\": {\"login\": \"red\", \"username\": \"red\"}\n}";
    }

    private static HttpResponse<String> deliver(String origin, String path, String event, String body,
            String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .header("Content-Type", "application/json").header("X-Gitea-Event", event)
                .header("X-Gogs-Event", event)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Gogs-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of the push's workflow, or null when none was started. */
    private WorkflowExecutionStatus patchStatus() {
        try {
            return temporal.getWorkflowClient().getWorkflowServiceStubs().blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(temporal.getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("patch-red.web-echo." + AFTER))
                            .build()).getWorkflowExecutionInfo().getStatus();
        } catch (io.grpc.StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static String sign(String body) {
        return WebhookSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(HttpResponse<String> answer) throws Exception {
        JsonNode json = JSON.readTree(answer.body());
        return json.has("error") ? json.get("error").asText() : json.path("ignored").asText();
    }

    @Test
    void aSignedPushToTheDefaultBranchStartsItsPatchOnceEvenWhenDeliveredTwice() {
        JavalinTest.test(app, (server, client) -> {
            String body = push("refs/heads/main", "red/web-echo");
            HttpResponse<String> first = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body,
                    sign(body));
            HttpResponse<String> again = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body,
                    sign(body));

            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            JsonNode started = JSON.readTree(first.body());
            assertThat(started.get("workflowId").asText()).isEqualTo("patch-red.web-echo." + AFTER);
            assertThat(again.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(again.body()).get("runId").asText()).isEqualTo(started.get("runId").asText());
            assertThat(patchStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        });
    }

    @Test
    void aMissingOrWrongSignatureIs401AndStartsNothing() {
        JavalinTest.test(app, (server, client) -> {
            String body = push("refs/heads/main", "red/web-echo");
            HttpResponse<String> unsigned = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body, null);
            HttpResponse<String> empty = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body, "");
            HttpResponse<String> wrong = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body,
                    WebhookSignature.sign(Secret.of("another-secret"), body.getBytes(StandardCharsets.UTF_8)));
            HttpResponse<String> tampered = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push",
                    body.replace("fix", "fox"), sign(body));

            assertThat(List.of(unsigned.statusCode(), empty.statusCode(), wrong.statusCode(), tampered.statusCode()))
                    .containsOnly(401);
            assertThat(message(unsigned)).contains("not signed");
            assertThat(message(wrong)).isEqualTo("the signature does not match the payload");
            assertThat(patchStatus()).isNull();
        });
    }

    @Test
    void anUnknownRepoIs404() {
        JavalinTest.test(app, (server, client) -> {
            String body = push("refs/heads/main", "blue/web-echo");
            HttpResponse<String> answer = deliver(client.getOrigin(), "/hooks/git/blue/web-echo", "push", body,
                    sign(body));
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(message(answer)).isEqualTo("Katana knows no repo blue/web-echo");
        });
    }

    @Test
    void aSignedBodyThatIsNotAPushPayloadIs400() {
        JavalinTest.test(app, (server, client) -> {
            String junk = "not json at all";
            HttpResponse<String> notJson = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", junk,
                    sign(junk));
            String noAfter = "{\"ref\": \"refs/heads/main\", \"repository\": {\"full_name\": \"red/web-echo\"}}";
            HttpResponse<String> partial = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", noAfter,
                    sign(noAfter));
            String other = push("refs/heads/main", "red/nc-flag");
            HttpResponse<String> otherRepo = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", other,
                    sign(other));

            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(message(notJson)).isEqualTo("not a push payload: the body is not JSON");
            assertThat(partial.statusCode()).isEqualTo(400);
            assertThat(message(partial)).isEqualTo("not a push payload: 'after' is missing or not a commit id");
            assertThat(otherRepo.statusCode()).isEqualTo(400);
            assertThat(message(otherRepo)).isEqualTo("the payload is for red/nc-flag, not red/web-echo");
        });
    }

    @Test
    void aPayloadOverTheLimitIs413() {
        JavalinTest.test(app, (server, client) -> {
            String huge = push("refs/heads/main", "red/web-echo").replace("fix the overflow",
                    "x".repeat(70 * 1024));
            HttpResponse<String> answer = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", huge,
                    sign(huge));
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(message(answer)).contains("over the limit of 65536");
        });
    }

    @Test
    void otherEventsAndOtherBranchesAreAcknowledgedAndIgnoredWithTheReason() {
        JavalinTest.test(app, (server, client) -> {
            String branch = push("refs/heads/experiment", "red/web-echo");
            HttpResponse<String> otherBranch = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", branch,
                    sign(branch));
            String create = "{\"ref\": \"v1.0\", \"ref_type\": \"tag\", \"repository\": {\"full_name\": \"red/web-echo\"}}";
            HttpResponse<String> tag = deliver(client.getOrigin(), "/hooks/git/red/web-echo", "create", create,
                    sign(create));

            assertThat(otherBranch.statusCode()).isEqualTo(200);
            assertThat(message(otherBranch)).isEqualTo(
                    "a push to refs/heads/experiment, not to the default branch main");
            assertThat(tag.statusCode()).isEqualTo(200);
            assertThat(message(tag)).isEqualTo("a create event, not a push");
            assertThat(patchStatus()).isNull();
        });
    }

    @Test
    void metricsCountEveryDeliveryByHowItWasAnswered() {
        JavalinTest.test(app, (server, client) -> {
            String body = push("refs/heads/main", "red/web-echo");
            deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body, sign(body));
            deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body, "bad");
            deliver(client.getOrigin(), "/hooks/git/red/web-echo", "push", body, "worse");
            deliver(client.getOrigin(), "/hooks/git/blue/web-echo", "push", body, sign(body));

            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(client.getOrigin()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body().lines())
                    .contains("katana_webhook_deliveries_total{outcome=\"accepted\"} 1.0",
                            "katana_webhook_deliveries_total{outcome=\"bad_signature\"} 2.0",
                            "katana_webhook_deliveries_total{outcome=\"unknown_repo\"} 1.0");
            assertThat(metrics.body()).doesNotContain(SECRET.reveal());
        });
    }
}
