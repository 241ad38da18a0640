package io.katana.workflows.ping;

import static io.katana.workflows.testkit.KatanaTestWorkflows.withKatanaAttributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PingWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = withKatanaAttributes(TestWorkflowExtension.newBuilder())
            .registerWorkflowImplementationTypes(PingWorkflowImpl.class)
            .setDoNotStart(true)
            .build();


    private static PingActivities mockActivities() {
        return mock(PingActivities.class, withSettings().withoutAnnotations());
    }

    private static PingWorkflow stub(WorkflowClient client, Worker worker, String id) {
        return client.newWorkflowStub(PingWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .build());
    }

    @Test
    void echoesThroughTheActivityAndTagsTheKind(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        PingActivities activities = mockActivities();
        when(activities.echo("hello")).thenReturn(new PingReply("hello", "worker-1"));
        worker.registerActivitiesImplementations(activities);
        env.start();

        PingResult result = stub(client, worker, "ping-ok").ping(new PingRequest("hello"));

        assertThat(result).isEqualTo(new PingResult("hello", "worker-1"));
        var attributes = client.newUntypedWorkflowStub("ping-ok").describe().getTypedSearchAttributes();
        assertThat(attributes.get(KatanaSearchAttributes.KIND)).isEqualTo("ping");
    }

    @Test
    void retriesATransientActivityFailure(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        PingActivities activities = mockActivities();
        when(activities.echo("again"))
                .thenThrow(new IllegalStateException("connection reset"))
                .thenReturn(new PingReply("again", "worker-2"));
        worker.registerActivitiesImplementations(activities);
        env.start();

        PingResult result = stub(client, worker, "ping-retry").ping(new PingRequest("again"));

        assertThat(result.activityHost()).isEqualTo("worker-2");
        verify(activities, times(2)).echo("again");
    }

    @Test
    void aNonRetryableActivityFailureFailsTheWorkflowWithItsType(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        PingActivities activities = mockActivities();
        when(activities.echo("boom"))
                .thenThrow(ApplicationFailure.newNonRetryableFailure("echo refused", "EchoRefused"));
        worker.registerActivitiesImplementations(activities);
        env.start();

        assertThatThrownBy(() -> stub(client, worker, "ping-fail").ping(new PingRequest("boom")))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(ActivityFailure.class)
                .cause()
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo("EchoRefused");
                    assertThat(failure.getOriginalMessage()).isEqualTo("echo refused");
                });
        verify(activities, times(1)).echo("boom");
    }

    @Test
    void aServiceThatStaysDownFailsTheWorkflowOnceTheProfileGivesUp(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        PingActivities activities = mockActivities();
        when(activities.echo("down")).thenThrow(new IllegalStateException("connection refused"));
        worker.registerActivitiesImplementations(activities);
        env.start();

        assertThatThrownBy(() -> stub(client, worker, "ping-down").ping(new PingRequest("down")))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(ActivityFailure.class);
    }

    @Test
    void defaultTaskQueueIsTheDocumentedOne() {
        assertThat(TaskQueues.ORCHESTRATION).isEqualTo("katana");
    }
}
