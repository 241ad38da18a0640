package io.katana.workflows.team;

import static io.katana.workflows.testkit.KatanaTestWorkflows.withKatanaAttributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.common.Progress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class CreateTeamsWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = withKatanaAttributes(TestWorkflowExtension.newBuilder())
            .registerWorkflowImplementationTypes(CreateTeamsWorkflowImpl.class, ProvisionTeamWorkflowImpl.class)
            .setDoNotStart(true)
            .build();


    private static TeamActivities workingActivities() {
        TeamActivities activities = mock(TeamActivities.class, withSettings().withoutAnnotations());
        when(activities.ensureNamespace(anyString())).thenAnswer(call -> call.getArgument(0));
        when(activities.ensureGitAccount(anyString())).thenReturn(true);
        when(activities.ensureMasterPod(anyString())).thenReturn("master-0");
        return activities;
    }

    private static CreateTeamsWorkflow stub(WorkflowClient client, Worker worker, String id) {
        return client.newWorkflowStub(CreateTeamsWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
    }

    @Test
    void provisionsEveryTeamInOrderOfSteps(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        TeamActivities activities = workingActivities();
        worker.registerActivitiesImplementations(activities);
        env.start();

        CreateTeamsResult result = stub(client, worker, "teams-three").create(CreateTeamsRequest.ofCount(3));

        assertThat(result.ready()).extracting(TeamResult::team).containsExactly("team-0", "team-1", "team-2");
        assertThat(result.ready().get(1)).isEqualTo(new TeamResult("team-1", "team-1", "team-1", true, "master-0"));
        assertThat(result.failed()).isEmpty();
        InOrder order = inOrder(activities);
        order.verify(activities).markProvisioning("team-1");
        order.verify(activities).ensureNamespace("team-1");
        order.verify(activities).ensureGitAccount("team-1");
        order.verify(activities).ensureMasterPod("team-1");
        order.verify(activities).awaitMasterPod("team-1");
        order.verify(activities).recordReady(result.ready().get(1));
        var child = client.newUntypedWorkflowStub("team-team-1").describe().getTypedSearchAttributes();
        assertThat(child.get(KatanaSearchAttributes.TEAM)).isEqualTo("team-1");
        assertThat(child.get(KatanaSearchAttributes.KIND)).isEqualTo("team");
    }

    @Test
    void oneFailingTeamDoesNotStopTheOthers(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        TeamActivities activities = workingActivities();
        when(activities.ensureGitAccount("blue")).thenThrow(ApplicationFailure.newNonRetryableFailure(
                "git server refused user 'blue': name is reserved", "GitUserRefused"));
        worker.registerActivitiesImplementations(activities);
        env.start();

        CreateTeamsResult result = stub(client, worker, "teams-mixed")
                .create(CreateTeamsRequest.ofNames(List.of("red", "blue", "green")));

        assertThat(result.ready()).extracting(TeamResult::team).containsExactly("red", "green");
        assertThat(result.failed()).containsExactly(
                new TeamFailure("blue", "git server refused user 'blue': name is reserved"));
        verify(activities).recordFailed("blue", "git server refused user 'blue': name is reserved");
        verify(activities, never()).ensureMasterPod("blue");
        verify(activities, never()).recordReady(org.mockito.ArgumentMatchers.argThat(t -> t.team().equals("blue")));
    }

    @Test
    void aTransientFailureIsRetriedAndTheTeamEndsReady(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        TeamActivities activities = workingActivities();
        when(activities.ensureNamespace("red"))
                .thenThrow(new IllegalStateException("connection refused"))
                .thenReturn("red");
        worker.registerActivitiesImplementations(activities);
        env.start();

        CreateTeamsResult result = stub(client, worker, "teams-retry").create(CreateTeamsRequest.ofNames(List.of("red")));

        assertThat(result.failed()).isEmpty();
        verify(activities, times(2)).ensureNamespace("red");
        verify(activities, never()).recordFailed(anyString(), anyString());
    }

    @Test
    void runningAgainProvisionsTheSameTeamsAgainWithTheSameResult(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        TeamActivities activities = workingActivities();
        when(activities.ensureGitAccount("red")).thenReturn(true, false);
        worker.registerActivitiesImplementations(activities);
        env.start();

        CreateTeamsResult first = stub(client, worker, "teams-again").create(CreateTeamsRequest.ofNames(List.of("red")));
        CreateTeamsResult second = stub(client, worker, "teams-again").create(CreateTeamsRequest.ofNames(List.of("red")));

        assertThat(first.ready().get(0).gitUserCreated()).isTrue();
        assertThat(second.ready().get(0).gitUserCreated()).isFalse();
        assertThat(second.ready().get(0).namespace()).isEqualTo(first.ready().get(0).namespace());
    }

    @Test
    void noMoreTeamsRunAtOnceThanTheConcurrencyAndProgressIsVisible(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
        TeamActivities activities = workingActivities();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger waits = new AtomicInteger();
        doAnswer(call -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            // The first team is held until the test has looked at the progress.
            if (waits.incrementAndGet() == 1) {
                release.await(30, TimeUnit.SECONDS);
            }
            inFlight.decrementAndGet();
            return null;
        }).when(activities).awaitMasterPod(anyString());
        worker.registerActivitiesImplementations(activities);
        env.start();

        CreateTeamsWorkflow workflow = stub(client, worker, "teams-bounded");
        WorkflowClient.start(workflow::create, new CreateTeamsRequest(6, null, 2));
        CreateTeamsWorkflow running = client.newWorkflowStub(CreateTeamsWorkflow.class, "teams-bounded");
        Progress progress = running.progress();
        long deadline = System.currentTimeMillis() + 20_000;
        while (progress.done() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            progress = running.progress();
        }
        assertThat(progress).isEqualTo(new Progress(5, 6, 0));
        release.countDown();
        CreateTeamsResult result = WorkflowStub.fromTyped(running).getResult(CreateTeamsResult.class);

        assertThat(result.ready()).hasSize(6);
        assertThat(maxInFlight.get()).isEqualTo(2);
        assertThat(running.progress()).isEqualTo(new Progress(6, 6, 0));
        verify(activities, times(6)).recordReady(any());
        verify(activities, never()).recordFailed(anyString(), anyString());
    }
}
