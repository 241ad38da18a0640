package io.katana.workflows.patch;

import io.katana.workflows.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;

/**
 * How every starter (the webhook, the reconciliation, a rollback) starts a {@link PatchWorkflow}:
 * under the push's business id, finding a run still going, and never running a push twice (a
 * re-delivered webhook, or a reconciliation that meets the webhook's run).
 */
public final class PatchStarts {

    /** A patch that has not ended in this time is stuck beyond every activity's own limits. */
    static final Duration RUN_TIMEOUT = Duration.ofHours(1);

    private PatchStarts() {
    }

    public static String workflowId(PatchRequest request) {
        return WorkflowIds.patch(request.team(), request.challenge(), request.commit());
    }

    public static WorkflowOptions options(String workflowId, String taskQueue) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                .setWorkflowRunTimeout(RUN_TIMEOUT)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
    }
}
