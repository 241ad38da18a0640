package io.katana.api.patches;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.katana.api.jobs.JobStarter;
import io.katana.workflows.WorkflowIds;
import io.katana.workflows.patch.PatchRequest;
import io.katana.workflows.patch.PatchWorkflow;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/patches}: each push's record (stages with times, digest, status, error), newest
 * first; and an organiser's rollback of one copy to a version that was live before.
 */
public final class PatchRoutes {

    private static final int MAX_LIST = 500;

    private final Patches patches;
    private final JobStarter jobs;

    public PatchRoutes(Patches patches, JobStarter jobs) {
        this.patches = patches;
        this.jobs = jobs;
    }

    public void register(RoutesConfig routes, String prefix) {
        routes.get(prefix + "/patches", this::list);
        routes.get(prefix + "/patches/{id}", ctx -> ctx.json(patches.find(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundResponse("no patch '" + ctx.pathParam("id") + "'"))));
        routes.post(prefix + "/teams/{team}/challenges/{challenge}/rollback", this::rollback);
    }

    private void list(Context ctx) {
        int limit = 50;
        String given = ctx.queryParam("limit");
        if (given != null) {
            try {
                limit = Integer.parseInt(given);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIST) {
                throw new BadRequestResponse("limit must be 1.." + MAX_LIST, Map.of("field", "limit"));
            }
        }
        ctx.json(patches.list(blankToNull(ctx.queryParam("team")), blankToNull(ctx.queryParam("challenge")), limit));
    }

    private void rollback(Context ctx) {
        String team = ctx.pathParam("team");
        String challenge = ctx.pathParam("challenge");
        Map<?, ?> body;
        try {
            body = ctx.bodyAsClass(Map.class);
        } catch (RuntimeException e) {
            throw new BadRequestResponse("the body must be JSON: {\"commit\": \"...\"} or {\"digest\": \"sha256:...\"}");
        }
        Object target = body.get("commit") != null ? body.get("commit") : body.get("digest");
        if (!(target instanceof String wanted) || wanted.isBlank()) {
            throw new BadRequestResponse("name the version to go back to: 'commit' or 'digest'",
                    Map.of("field", "commit"));
        }
        Patches.LiveVersion version = patches.liveBefore(team, challenge, wanted)
                .orElseThrow(() -> new BadRequestResponse(wanted + " was never live for " + team + "/" + challenge,
                        Map.of("field", body.get("commit") != null ? "commit" : "digest")));
        String requestId = body.get("requestId") instanceof String id ? id : UUID.randomUUID().toString();
        String workflowId;
        try {
            workflowId = WorkflowIds.rollback(team, challenge, requestId);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage(), Map.of("field", "requestId"));
        }
        PatchRequest request = new PatchRequest(team, challenge, version.commit(), "rollback to " + wanted, "admin",
                PatchRequest.Trigger.ROLLBACK, version.image());
        ctx.status(HttpStatus.ACCEPTED).json(jobs.start(workflowId, PatchWorkflow.class,
                (PatchWorkflow workflow) -> workflow.patch(request)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
