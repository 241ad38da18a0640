package io.katana.worker.temporal;

import io.katana.activities.ping.PingActivitiesImpl;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.TaskQueues;
import io.katana.workflows.ping.PingRequest;
import io.katana.workflows.ping.PingResult;
import io.katana.workflows.ping.PingWorkflow;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The process's own registration runs the ping end to end with the real activity. */
class KatanaWorkerTest {

    private TestWorkflowEnvironment env;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        KatanaSearchAttributes.ALL.forEach(key ->
                env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
        KatanaWorker.register(env.newWorker(TaskQueues.ORCHESTRATION, KatanaWorker.workerOptions()),
                List.of(new PingActivitiesImpl()));
        env.start();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void pingRunsOnTheRegisteredWorker() {
        PingWorkflow ping = env.getWorkflowClient().newWorkflowStub(PingWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId("ping-1").setTaskQueue(TaskQueues.ORCHESTRATION).build());

        PingResult result = ping.ping(new PingRequest("hello"));

        assertThat(result.message()).isEqualTo("hello");
        assertThat(result.activityHost()).isNotBlank();
    }
}
