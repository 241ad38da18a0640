package io.katana.api.jobs;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.katana.api.AdminServices;
import io.katana.workflows.common.Failures;
import io.katana.workflows.common.Progress;
import io.katana.workflows.init.InitRequest;
import io.katana.workflows.init.InitWorkflow;
import io.katana.workflows.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** {@code POST /init} and {@code GET /jobs/{workflowId}}: start the platform's init, follow any job. */
public final class JobRoutes {

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
    static final ExecutorService QUERIES = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "job-query");
        thread.setDaemon(true);
        return thread;
    });

    private final WorkflowClient client;
    private final AdminServices services;
    private final JobStarter starter;

    public JobRoutes(WorkflowClient client, AdminServices services, JobStarter starter) {
        this.client = client;
        this.services = services;
        this.starter = starter;
    }

    public void register(RoutesConfig routes, String prefix) {
        routes.post(prefix + "/init", ctx -> ctx.status(HttpStatus.ACCEPTED).json(
                starter.start(WorkflowIds.init(), InitWorkflow.class, (InitWorkflow w) -> w.init(new InitRequest()))));
        routes.get(prefix + "/jobs/{workflowId}", this::job);
    }

    private void job(Context ctx) throws java.util.concurrent.TimeoutException {
        String id = ctx.pathParam("workflowId");
        WorkflowStub stub = client.newUntypedWorkflowStub(id);
        WorkflowExecutionDescription description;
        try {
            description = stub.describe();
        } catch (WorkflowNotFoundException e) {
            throw new NotFoundResponse("no job '" + id + "'");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new NotFoundResponse("no job '" + id + "'");
            }
            throw e;
        }
        WorkflowExecutionStatus status = description.getStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workflowId", id);
        body.put("runId", description.getExecution().getRunId());
        body.put("type", description.getWorkflowType());
        body.put("status", status(status));
        body.put("startedAt", description.getStartTime() == null ? null : description.getStartTime().toString());
        body.put("temporalUi", services.workflowLink(id));
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            progress(stub, description.getWorkflowType(), body);
        } else if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
            body.put("result", stub.getResult(5, TimeUnit.SECONDS, Object.class));
        } else {
            try {
                stub.getResult(5, TimeUnit.SECONDS, Object.class);
            } catch (WorkflowException e) {
                body.put("error", Failures.reason(e));
            } catch (java.util.concurrent.TimeoutException e) {
                body.put("error", "its outcome could not be read within 5 s");
            }
        }
        ctx.json(body);
    }

    /**
     * What a running job tells about itself: teams done of total (a team creation, a broadcast), or
     * the init step. A query needs a worker to answer it; while none does (a restart), the API
     * answers without it in 2 s.
     */
    static void progress(WorkflowStub stub, String type, Map<String, Object> body) {
        String query = "CreateTeams".equals(type) || "BroadcastChallenge".equals(type) ? "progress"
                : "Init".equals(type) ? "step" : null;
        if (query == null) {
            return;
        }
        Class<?> resultType = query.equals("progress") ? Progress.class : String.class;
        CompletableFuture<?> answer = CompletableFuture.supplyAsync(() -> stub.query(query, resultType), QUERIES);
        try {
            body.put(query, answer.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            body.put(query, null);
            body.put("note", "no worker answered within " + QUERY_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            body.put(query, null);
            body.put("note", "the query failed: " + Failures.reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.put(query, null);
        }
    }

    static String status(WorkflowExecutionStatus status) {
        String name = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
