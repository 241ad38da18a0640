package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.workflows.common.Progress;
import io.katana.workflows.team.CreateTeamsRequest;
import io.katana.workflows.team.CreateTeamsResult;
import io.katana.workflows.team.CreateTeamsWorkflow;
import io.katana.workflows.testkit.TestBed;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The worker process is killed (SIGKILL) while teams are being created; a new process picks the
 * job up where it stopped, and every team ends created exactly once.
 */
class WorkerCrashIT {

    private static final List<String> TEAMS = List.of("crash-0", "crash-1", "crash-2", "crash-3");
    private static final Path JAR = Path.of("target", "katana.jar");

    @Test
    void aKilledWorkerLosesNothingAndRepeatsNothing() throws Exception {
        assertThat(JAR).as("the packaged jar (mvn verify packages it before the ITs)").exists();
        String taskQueue = "katana-crash-" + UUID.randomUUID();
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TestBed.env("KATANA_TEMPORAL_ADDRESS")).build());
        WorkflowClient client = WorkflowClient.newInstance(stubs);
        int metricsPort = ApiCalls.freePort();
        Process worker = startWorker(taskQueue, 1, metricsPort);
        try (ItSystems systems = new ItSystems()) {
            String id = "teams-crash-" + UUID.randomUUID();
            CreateTeamsWorkflow workflow = client.newWorkflowStub(CreateTeamsWorkflow.class, WorkflowOptions
                    .newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
            WorkflowClient.start(workflow::create, new CreateTeamsRequest(null, TEAMS, 2));

            CreateTeamsWorkflow running = client.newWorkflowStub(CreateTeamsWorkflow.class, id);
            Progress atCrash = awaitProgress(running, 1);
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(worker.isAlive()).isFalse();

            worker = startWorker(taskQueue, 2, metricsPort);
            CreateTeamsResult result = WorkflowStub.fromTyped(running)
                    .getResult(6, TimeUnit.MINUTES, CreateTeamsResult.class);

            System.out.printf("worker killed at %s; after restart: %d ready, %d failed%n", atCrash,
                    result.ready().size(), result.failed().size());
            assertThat(result.failed()).isEmpty();
            assertThat(result.ready()).hasSize(TEAMS.size());
            for (String team : TEAMS) {
                systems.assertProvisioned(team);
                long runs = stubs.blockingStub().listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(TestBed.env("KATANA_TEMPORAL_NAMESPACE"))
                        .setQuery("WorkflowId = 'team-" + team + "' AND TaskQueue = '" + taskQueue + "'")
                        .build()).getExecutionsCount();
                assertThat(runs).as("runs of team-" + team).isEqualTo(1);
            }

            // The worker's own HTTP: its readiness, and the SDK's metrics of the work it just did.
            var health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + metricsPort + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            String metrics = ApiCalls.awaitMetrics("http://127.0.0.1:" + metricsPort + "/metrics",
                    Duration.ofSeconds(30), "temporal_workflow_completed_total\\{(?=.*katana_command=\"worker\").*\\} [1-9].*",
                    "temporal_activity_execution_latency_seconds_count\\{.*activity_type=\"Team_EnsureNamespace\".*",
                    "jvm_memory_used_bytes\\{.*");
            System.out.printf("worker /metrics after the restart: %d lines, %d of them temporal_*%n",
                    metrics.lines().count(), metrics.lines().filter(line -> line.startsWith("temporal_")).count());
        } finally {
            worker.destroy();
            worker.waitFor(20, TimeUnit.SECONDS);
            stubs.shutdownNow();
        }
    }

    private static Process startWorker(String taskQueue, int attempt, int metricsPort) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "crash-it")).resolve("worker-" + attempt + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "worker")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KATANA_TASK_QUEUE", taskQueue);
        builder.environment().put("KATANA_RECONCILE_EVERY", "0");
        builder.environment().put("KATANA_METRICS_PORT", Integer.toString(metricsPort));
        return builder.start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Progress awaitProgress(CreateTeamsWorkflow running, int done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            Progress progress = safeProgress(running);
            if (progress != null && progress.done() >= done) {
                return progress;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no team finished within 4 minutes; see target/crash-it" + File.separator);
    }

    private static Progress safeProgress(CreateTeamsWorkflow running) {
        try {
            return running.progress();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
