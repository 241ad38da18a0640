package io.katana.workflows.patch;

import static io.katana.workflows.testkit.KatanaTestWorkflows.withKatanaAttributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.katana.workflows.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class PatchWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = withKatanaAttributes(TestWorkflowExtension.newBuilder())
            .registerWorkflowImplementationTypes(PatchWorkflowImpl.class)
            .setDoNotStart(true)
            .build();

    private static final String OLD_COMMIT = "a".repeat(40);
    private static final String COMMIT = "b".repeat(40);
    private static final String NEWER_COMMIT = "c".repeat(40);
    private static final String OLD_IMAGE = "127.0.0.1:5000/katana/red/web-echo@sha256:" + "1".repeat(64);
    private static final String NEW_IMAGE = "127.0.0.1:5000/katana/red/web-echo@sha256:" + "2".repeat(64);
    private static final PatchRequest PUSH = PatchRequest.push("red", "web-echo", COMMIT, "fix the overflow\n",
            "red", PatchRequest.Trigger.WEBHOOK);

    private final PatchActivities calls = mock(PatchActivities.class, withSettings().withoutAnnotations());
    private final BuildActivities builds = mock(BuildActivities.class, withSettings().withoutAnnotations());

    private void working(long sequence) {
        when(calls.open(anyString(), any())).thenReturn(new PatchTicket(sequence, OLD_IMAGE, OLD_COMMIT));
        when(builds.buildAndPush(anyString(), eq("red"), eq("web-echo"), anyString())).thenReturn(NEW_IMAGE);
        when(calls.rollout(anyString(), eq("red"), eq("web-echo"), anyString(), anyString(), anyLong()))
                .thenReturn(RolloutOutcome.APPLIED);
    }

    private void startWorkers(TestWorkflowEnvironment env, Worker worker, Object buildActivities) {
        worker.registerActivitiesImplementations(calls);
        env.newWorker(TaskQueues.build(worker.getTaskQueue())).registerActivitiesImplementations(buildActivities);
        env.start();
    }

    private static PatchWorkflow stub(WorkflowClient client, Worker worker, PatchRequest request) {
        return client.newWorkflowStub(PatchWorkflow.class,
                PatchStarts.options(PatchStarts.workflowId(request), worker.getTaskQueue()));
    }

    private PatchResult finished(String patchId) {
        ArgumentCaptor<PatchResult> result = ArgumentCaptor.forClass(PatchResult.class);
        verify(calls, timeout(5000)).finish(eq(patchId), result.capture(), anyString());
        return result.getValue();
    }

    @Test
    void goesThroughTheStagesInOrderAndEndsLiveOnTheNewDigest(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        working(4);
        startWorkers(env, worker, builds);

        PatchResult result = stub(client, worker, PUSH).patch(PUSH);

        String id = "patch-red.web-echo." + COMMIT;
        assertThat(result).isEqualTo(new PatchResult(id, PatchStatus.LIVE, NEW_IMAGE, null));
        InOrder order = inOrder(calls, builds);
        order.verify(calls).open(id, PUSH);
        order.verify(calls).supersedeOlder(id, "red", "web-echo", 4);
        order.verify(builds).fetch(id, "red", "web-echo", COMMIT);
        order.verify(builds).check(id, "red", "web-echo", COMMIT, OLD_COMMIT);
        order.verify(builds).buildAndPush(id, "red", "web-echo", COMMIT);
        order.verify(calls).rollout(id, "red", "web-echo", NEW_IMAGE, COMMIT, 4);
        order.verify(calls).awaitRollout(id, "red", "web-echo", NEW_IMAGE);
        order.verify(calls).finish(id, result, COMMIT);
    }

    @Test
    void aBuildThatFailsLeavesTheOldVersionAndSaysWhy(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        working(1);
        when(builds.buildAndPush(anyString(), anyString(), anyString(), anyString())).thenThrow(
                ApplicationFailure.newNonRetryableFailure("the image build failed: sh: syntax error", "BuildFailed"));
        startWorkers(env, worker, builds);

        PatchResult result = stub(client, worker, PUSH).patch(PUSH);

        assertThat(result.status()).isEqualTo(PatchStatus.FAILED);
        assertThat(result.reason()).contains("sh: syntax error");
        assertThat(result.image()).isEqualTo(OLD_IMAGE);
        verify(calls, never()).rollout(anyString(), anyString(), anyString(), anyString(), anyString(), anyLong());
        verify(calls).finish(anyString(), eq(result), eq(COMMIT));
    }

    @Test
    void aRefusedPatchIsNeverBuilt(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        working(1);
        org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure(
                "the patch changes the protected path Dockerfile", "PatchRefused"))
                .when(builds).check(anyString(), anyString(), anyString(), anyString(), anyString());
        startWorkers(env, worker, builds);

        PatchResult result = stub(client, worker, PUSH).patch(PUSH);

        assertThat(result.status()).isEqualTo(PatchStatus.FAILED);
        assertThat(result.reason()).isEqualTo("the patch changes the protected path Dockerfile");
        verify(builds, never()).buildAndPush(anyString(), anyString(), anyString(), anyString());
    }

    @Test
    void aVersionThatNeverBecomesReadyIsRolledBackToTheLastGoodDigest(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        working(2);
        when(calls.awaitRollout(anyString(), eq("red"), eq("web-echo"), eq(NEW_IMAGE)))
                .thenReturn("not ready after 60 s: readiness probe failed");
        startWorkers(env, worker, builds);

        PatchResult result = stub(client, worker, PUSH).patch(PUSH);

        assertThat(result.status()).isEqualTo(PatchStatus.ROLLED_BACK);
        assertThat(result.image()).isEqualTo(OLD_IMAGE);
        assertThat(result.reason()).contains("readiness probe failed");
        InOrder order = inOrder(calls);
        order.verify(calls).rollout(anyString(), eq("red"), eq("web-echo"), eq(NEW_IMAGE), eq(COMMIT), eq(2L));
        order.verify(calls).rollout(anyString(), eq("red"), eq("web-echo"), eq(OLD_IMAGE), eq(OLD_COMMIT), eq(2L));
        order.verify(calls).awaitRollout(anyString(), eq("red"), eq("web-echo"), eq(OLD_IMAGE));
    }

    @Test
    void anOlderPatchNeverReplacesANewerLiveOne(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        working(3);
        when(calls.rollout(anyString(), anyString(), anyString(), anyString(), anyString(), anyLong()))
                .thenReturn(RolloutOutcome.NEWER_LIVE);
        startWorkers(env, worker, builds);

        PatchResult result = stub(client, worker, PUSH).patch(PUSH);

        assertThat(result.status()).isEqualTo(PatchStatus.SUPERSEDED);
        verify(calls, never()).awaitRollout(anyString(), anyString(), anyString(), anyString());
    }

    /** A build that runs until it is cancelled, heartbeating as the real one does. */
    static class SlowBuilds implements BuildActivities {
        final CountDownLatch building = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public void fetch(String patchId, String team, String challenge, String commit) {
        }

        @Override
        public void check(String patchId, String team, String challenge, String commit, String liveCommit) {
        }

        @Override
        public String buildAndPush(String patchId, String team, String challenge, String commit) {
            if (commit.equals(NEWER_COMMIT)) {
                return NEW_IMAGE;
            }
            building.countDown();
            try {
                while (true) {
                    Activity.getExecutionContext().heartbeat(null);
                    Thread.sleep(100);
                }
            } catch (io.temporal.client.ActivityCompletionException e) {
                // Cancelled, or its workflow already closed: either way the build must stop.
                cancelled.countDown();
                throw e;
            } catch (InterruptedException e) {
                throw Activity.wrap(e);
            }
        }
    }

    @Test
    void aNewerPushSupersedesOneStillBuildingWhichIsCancelledAndRecorded(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
        SlowBuilds slow = new SlowBuilds();
        when(calls.open(anyString(), any())).thenAnswer(call -> new PatchTicket(
                ((PatchRequest) call.getArgument(1)).commit().equals(COMMIT) ? 1 : 2, OLD_IMAGE, OLD_COMMIT));
        when(calls.rollout(anyString(), anyString(), anyString(), anyString(), anyString(), anyLong()))
                .thenReturn(RolloutOutcome.APPLIED);
        String olderId = PatchStarts.workflowId(PUSH);
        // The newer patch's supersedeOlder cancels the older run, as the real activity does.
        when(calls.supersedeOlder(anyString(), eq("red"), eq("web-echo"), eq(2L))).thenAnswer(call -> {
            client.newUntypedWorkflowStub(olderId).cancel();
            return 1;
        });
        startWorkers(env, worker, slow);

        WorkflowClient.start(stub(client, worker, PUSH)::patch, PUSH);
        assertThat(slow.building.await(10, TimeUnit.SECONDS)).isTrue();
        PatchRequest newer = PatchRequest.push("red", "web-echo", NEWER_COMMIT, "better fix", "red",
                PatchRequest.Trigger.WEBHOOK);
        PatchResult newest = stub(client, worker, newer).patch(newer);

        assertThat(newest.status()).isEqualTo(PatchStatus.LIVE);
        assertThatThrownBy(() -> client.newUntypedWorkflowStub(olderId).getResult(PatchResult.class))
                .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
        assertThat(finished(olderId).status()).isEqualTo(PatchStatus.SUPERSEDED);
        verify(calls, never()).rollout(eq(olderId), anyString(), anyString(), anyString(), anyString(), anyLong());
        assertThat(slow.cancelled.await(20, TimeUnit.SECONDS)).as("the older build learnt of its cancellation").isTrue();
    }

    @Test
    void aRedeliveredPushFindsTheSameWorkflowAndStartsNothing(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        working(1);
        startWorkers(env, worker, builds);

        stub(client, worker, PUSH).patch(PUSH);
        assertThatThrownBy(() -> WorkflowClient.start(stub(client, worker, PUSH)::patch, PUSH))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class);

        verify(calls, times(1)).open(anyString(), any());
        verify(builds, times(1)).buildAndPush(anyString(), anyString(), anyString(), anyString());
    }

    /** A build host that dies mid-build: the heartbeat timeout hands the build to another attempt. */
    @Test
    void aBuildWhoseHostStopsHeartbeatingIsRetriedAfterTheHeartbeatTimeout(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        working(1);
        AtomicInteger attempts = new AtomicInteger();
        BuildActivities lostHost = new SlowBuilds() {
            @Override
            public String buildAndPush(String patchId, String team, String challenge, String commit) {
                if (attempts.incrementAndGet() == 1) {
                    try {
                        Thread.sleep(TimeUnit.MINUTES.toMillis(2));  // no heartbeat: the host is gone
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return NEW_IMAGE;
            }
        };
        startWorkers(env, worker, lostHost);

        long start = env.currentTimeMillis();
        PatchResult result = stub(client, worker, PUSH).patch(PUSH);

        assertThat(result.status()).isEqualTo(PatchStatus.LIVE);
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(env.currentTimeMillis() - start).as("workflow time").isGreaterThanOrEqualTo(5000);
    }
}
