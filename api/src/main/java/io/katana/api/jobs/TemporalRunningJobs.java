package io.katana.api.jobs;

import io.katana.api.dashboard.RunningJobs;
import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.common.Progress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The running jobs of one task queue, from Temporal's visibility ({@code KatanaKind} and
 * {@code ExecutionStatus}), each with the progress its workflow answers to a query. Visibility is
 * the only source of "what is running now": MongoDB records outcomes, not jobs in flight.
 */
public final class TemporalRunningJobs implements RunningJobs {

    /** A board shows a handful; more are listed in the Temporal UI. */
    private static final int MAX = 20;

    private final WorkflowClient client;
    private final String query;

    public TemporalRunningJobs(WorkflowClient client, String taskQueue) {
        this.client = client;
        if (!taskQueue.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a task queue name for a visibility query must be [A-Za-z0-9._-]+");
        }
        this.query = KatanaSearchAttributes.KIND.getName() + " IN ('teams', 'challenge')"
                + " AND ExecutionStatus = 'Running' AND TaskQueue = '" + taskQueue + "'";
    }

    @Override
    public List<Job> list() {
        List<WorkflowExecutionMetadata> running;
        try (var executions = client.listExecutions(query)) {
            running = executions.limit(MAX).toList();
        }
        // The queries run at once, each bounded by JobRoutes' query timeout.
        List<CompletableFuture<Job>> jobs = running.stream()
                .map(execution -> CompletableFuture.supplyAsync(() -> job(execution), JobRoutes.QUERIES)).toList();
        return jobs.stream().map(CompletableFuture::join).toList();
    }

    private Job job(WorkflowExecutionMetadata execution) {
        String id = execution.getExecution().getWorkflowId();
        String kind = execution.getTypedSearchAttributes().get(KatanaSearchAttributes.KIND);
        Map<String, Object> answer = new LinkedHashMap<>();
        JobRoutes.progress(client.newUntypedWorkflowStub(id), execution.getWorkflowType(), answer);
        Progress progress = answer.get("progress") instanceof Progress p ? p : null;
        return new Job(id, execution.getWorkflowType(), kind, execution.getStartTime(), progress,
                (String) answer.get("note"));
    }
}
