package io.katana.api.jobs;

import io.katana.api.AdminServices;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts a workflow under its business id. A run of that id still going is found instead of a
 * second one started; one that finished is run again (every workflow of Katana is idempotent).
 */
public final class JobStarter {

    private final WorkflowClient client;
    private final AdminServices services;

    public JobStarter(WorkflowClient client, AdminServices services) {
        this.client = client;
        this.services = services;
    }

    /** The body of a 202: the workflow's id and run, where to follow it. */
    public <W, R> Map<String, Object> start(String workflowId, Class<W> type, Function<W, R> method) {
        return start(workflowId, type, method, WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    }

    /**
     * Like {@link #start}, but a run of that id that completed is not repeated (a failed one is):
     * the same upload twice broadcasts once. The answer then names the completed run.
     */
    public <W, R> Map<String, Object> startOnce(String workflowId, Class<W> type, Function<W, R> method) {
        try {
            return start(workflowId, type, method,
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);
        } catch (WorkflowExecutionAlreadyStarted e) {
            Map<String, Object> body = links(e.getExecution());
            body.put("note", "already done: the same content was broadcast before");
            return body;
        }
    }

    private <W, R> Map<String, Object> start(String workflowId, Class<W> type, Function<W, R> method,
            WorkflowIdReusePolicy reuse) {
        W workflow = client.newWorkflowStub(type, WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(services.taskQueue())
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(reuse)
                .build());
        return links(WorkflowClient.start(() -> method.apply(workflow)));
    }

    private Map<String, Object> links(WorkflowExecution execution) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workflowId", execution.getWorkflowId());
        body.put("runId", execution.getRunId());
        body.put("job", "/api/v1/jobs/" + execution.getWorkflowId());
        body.put("temporalUi", services.workflowLink(execution.getWorkflowId()));
        return body;
    }
}
