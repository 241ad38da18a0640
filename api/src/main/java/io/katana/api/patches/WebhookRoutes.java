package io.katana.api.patches;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.katana.workflows.common.Secret;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.katana.workflows.patch.PatchRequest;
import io.katana.workflows.patch.PatchStarts;
import io.katana.workflows.patch.PatchWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/git/{team}/{challenge}}: the git server's push webhook. The signature is
 * checked on the raw bytes before anything is parsed; a push to the default branch starts its
 * {@link PatchWorkflow} and is answered at once (Gogs delivers hooks one at a time, server-wide).
 */
public final class WebhookRoutes {

    public static final String PATH = "/hooks/git";
    private static final Logger log = LoggerFactory.getLogger(WebhookRoutes.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final WorkflowClient client;
    private final Patches patches;
    private final String taskQueue;
    private final String defaultBranch;
    private final long maxBytes;
    private final MeterRegistry meters;

    public WebhookRoutes(WorkflowClient client, Patches patches, String taskQueue, String defaultBranch,
            long maxBytes, MeterRegistry meters) {
        this.client = client;
        this.patches = patches;
        this.taskQueue = taskQueue;
        this.defaultBranch = defaultBranch;
        this.maxBytes = maxBytes;
        this.meters = meters;
    }

    public void register(RoutesConfig routes) {
        routes.post(PATH + "/{team}/{challenge}", this::deliver);
    }

    private void deliver(Context ctx) throws IOException {
        String team = ctx.pathParam("team");
        String challenge = ctx.pathParam("challenge");
        if (ctx.contentLength() > maxBytes) {
            answer(ctx, "too_large", HttpStatus.CONTENT_TOO_LARGE, "error", "the payload is " + ctx.contentLength()
                    + " bytes, over the limit of " + maxBytes);
            return;
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (body.length > maxBytes) {
            answer(ctx, "too_large", HttpStatus.CONTENT_TOO_LARGE, "error", "the payload is over the limit of " + maxBytes + " bytes");
            return;
        }
        Optional<Secret> secret = NAME.matcher(team).matches() && NAME.matcher(challenge).matches()
                ? patches.webhookSecret(team, challenge) : Optional.empty();
        if (secret.isEmpty()) {
            answer(ctx, "unknown_repo", HttpStatus.NOT_FOUND, "error", "Katana knows no repo " + team + "/" + challenge);
            return;
        }
        String signature = firstHeader(ctx, "X-Gitea-Signature", "X-Forgejo-Signature", "X-Gogs-Signature",
                "X-Hub-Signature-256");
        if (signature == null || signature.isBlank()) {
            answer(ctx, "unsigned", HttpStatus.UNAUTHORIZED, "error", "the delivery is not signed (no X-Gogs-Signature)");
            return;
        }
        if (!WebhookSignature.matches(secret.get(), body, signature)) {
            log.warn("webhook for {}/{} with a wrong signature from {}", team, challenge, ctx.ip());
            answer(ctx, "bad_signature", HttpStatus.UNAUTHORIZED, "error", "the signature does not match the payload");
            return;
        }
        String event = firstHeader(ctx, "X-Gitea-Event", "X-Forgejo-Event", "X-Gogs-Event", "X-GitHub-Event");
        if (event != null && !event.equals("push")) {
            answer(ctx, "ignored", HttpStatus.OK, "ignored", "a " + event + " event, not a push");
            return;
        }
        PushEvent push;
        try {
            push = PushEvent.parse(body);
        } catch (PushEvent.NotAPush e) {
            answer(ctx, "bad_payload", HttpStatus.BAD_REQUEST, "error", "not a push payload: " + e.getMessage());
            return;
        }
        if (!push.repository().equals(team + "/" + challenge)) {
            answer(ctx, "wrong_repo", HttpStatus.BAD_REQUEST, "error", "the payload is for " + push.repository() + ", not "
                    + team + "/" + challenge);
            return;
        }
        if (!push.ref().equals("refs/heads/" + defaultBranch)) {
            answer(ctx, "ignored", HttpStatus.OK, "ignored", "a push to " + push.ref() + ", not to the default branch "
                    + defaultBranch);
            return;
        }
        if (push.deletesBranch()) {
            answer(ctx, "ignored", HttpStatus.OK, "ignored", "the push deletes the default branch");
            return;
        }
        PatchRequest request = PatchRequest.push(team, challenge, push.after(), push.message(), push.pusher(),
                PatchRequest.Trigger.WEBHOOK);
        String id = PatchStarts.workflowId(request);
        PatchWorkflow workflow = client.newWorkflowStub(PatchWorkflow.class, PatchStarts.options(id, taskQueue));
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            WorkflowExecution started = WorkflowClient.start(workflow::patch, request);
            reply.put("workflowId", started.getWorkflowId());
            reply.put("runId", started.getRunId());
            reply.put("patch", "/api/v1/patches/" + id);
            log.info("push {} to {}/{}: {}", push.after(), team, challenge, id);
            count("accepted");
            ctx.status(HttpStatus.ACCEPTED).json(reply);
        } catch (WorkflowExecutionAlreadyStarted done) {
            reply.put("workflowId", id);
            reply.put("ignored", "this push was handled already");
            reply.put("patch", "/api/v1/patches/" + id);
            count("duplicate");
            ctx.status(HttpStatus.OK).json(reply);
        }
    }

    private static String firstHeader(Context ctx, String... names) {
        for (String name : names) {
            String value = ctx.header(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private void answer(Context ctx, String outcome, HttpStatus status, String key, String message) {
        count(outcome);
        ctx.status(status).json(Map.of(key, message));
    }

    /** {@code katana_webhook_deliveries_total{outcome}}: every delivery, by how it was answered. */
    private void count(String outcome) {
        Counter.builder("katana.webhook.deliveries").description("Webhook deliveries, by how Katana answered them")
                .tag("outcome", outcome).register(meters).increment();
    }
}
