package io.katana.worker.temporal;

import io.katana.activities.ping.PingActivitiesImpl;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.workflows.ping.PingRequest;
import io.katana.workflows.ping.PingResult;
import io.katana.workflows.ping.PingWorkflow;
import io.katana.worker.config.KatanaConfig;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow through {@code WorkflowClient} on the test bed's Temporal server, run by Katana's own
 * worker registration, then found again by a query on Katana's search attribute.
 */
class TemporalIT {

    private final KatanaConfig config = KatanaConfig.from(System.getenv());
    private final TemporalConnection temporal = TemporalConnection.open(config, true, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    // A queue of its own, so that a Katana running beside the tests never takes these tasks.
    private final String taskQueue = "katana-it-" + UUID.randomUUID();
    private final WorkerFactory factory = WorkerFactory.newInstance(temporal.client());

    @AfterEach
    void stop() {
        KatanaWorker.stop(factory);
        temporal.close();
    }

    @Test
    void aPingRunsOnTheServerAndIsFoundBySearchAttribute() throws Exception {
        KatanaWorker.register(factory.newWorker(taskQueue, KatanaWorker.workerOptions()),
                List.of(new PingActivitiesImpl()));
        factory.start();
        String workflowId = "ping-it-" + UUID.randomUUID();

        PingWorkflow ping = temporal.client().newWorkflowStub(PingWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                .build());
        PingResult result = ping.ping(new PingRequest("hello test bed"));

        assertThat(result.message()).isEqualTo("hello test bed");
        assertThat(result.activityHost()).isNotBlank();
        List<WorkflowExecutionMetadata> found = awaitFound(
                "WorkflowId = '" + workflowId + "' AND KatanaKind = 'ping' AND ExecutionStatus = 'Completed'");
        assertThat(found).singleElement()
                .satisfies(run -> assertThat(run.getWorkflowType()).isEqualTo("Ping"));
    }

    /** Visibility is eventually consistent: poll with a deadline instead of trusting the first answer. */
    private List<WorkflowExecutionMetadata> awaitFound(String query) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            List<WorkflowExecutionMetadata> runs = temporal.client().listExecutions(query).toList();
            if (!runs.isEmpty() || Instant.now().isAfter(deadline)) {
                return runs;
            }
            Thread.sleep(200);
        }
    }
}
