package io.katana.workflows.challenge;

import static io.katana.workflows.testkit.KatanaTestWorkflows.withKatanaAttributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.team.TeamFailure;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class BroadcastChallengeWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = withKatanaAttributes(TestWorkflowExtension.newBuilder())
            .registerWorkflowImplementationTypes(BroadcastChallengeWorkflowImpl.class)
            .setDoNotStart(true)
            .build();

    private static final String SHA = "ab".repeat(32);
    private static final ChallengeSpec SPEC = new ChallengeSpec("web-echo",
            new ContainerSpec("app", List.of(8080), Map.of(), ContainerSpec.Resources.NONE),
            List.of(new ExposedPort(8080, ExposedPort.Protocol.HTTP, "echo")), 1);
    private static final BuiltImage IMAGE = new BuiltImage("127.0.0.1:5000/katana/web-echo@sha256:" + "c".repeat(64),
            "ababababab");


    private static ChallengeActivities working() {
        ChallengeActivities activities = mock(ChallengeActivities.class, withSettings().withoutAnnotations());
        when(activities.buildImage("web-echo", SHA)).thenReturn(IMAGE);
        when(activities.readyTeams()).thenReturn(List.of("red", "blue", "green"));
        when(activities.ensureRepo(anyString(), eq("web-echo"), eq(SHA))).thenAnswer(call -> "commit-of-" + call.getArgument(0));
        when(activities.ensureWebhook(anyString(), eq("web-echo"))).thenReturn(7L);
        return activities;
    }

    private static BroadcastChallengeWorkflow stub(WorkflowClient client, Worker worker) {
        return client.newWorkflowStub(BroadcastChallengeWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId("challenge-web-echo.ababababab").setTaskQueue(worker.getTaskQueue()).build());
    }

    @Test
    void buildsOnceThenGivesEveryReadyTeamItsCopyInOrderOfSteps(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        ChallengeActivities activities = working();
        worker.registerActivitiesImplementations(activities);
        env.start();

        BroadcastResult result = stub(client, worker).broadcast(new BroadcastRequest(SPEC, SHA, null, 2));

        assertThat(result.image()).isEqualTo(IMAGE);
        assertThat(result.version()).isEqualTo("abababababab");
        assertThat(result.ready()).extracting(TeamCopy::team).containsExactly("red", "blue", "green");
        assertThat(result.ready().get(1)).isEqualTo(new TeamCopy("blue", "blue/web-echo", "commit-of-blue", 7L,
                IMAGE.digestReference()));
        verify(activities, times(1)).buildImage("web-echo", SHA);
        InOrder order = inOrder(activities);
        order.verify(activities).ensureRepo("blue", "web-echo", SHA);
        order.verify(activities).ensureWebhook("blue", "web-echo");
        order.verify(activities).applyObjects("blue", SPEC, SHA, IMAGE.digestReference(), "commit-of-blue");
        order.verify(activities).syncMasterPod("blue", "web-echo");
        order.verify(activities).awaitReady("blue", "web-echo");
        order.verify(activities).recordCopy("web-echo", "abababababab", result.ready().get(1));
        assertThat(client.newUntypedWorkflowStub("challenge-web-echo.ababababab").describe().getTypedSearchAttributes()
                .get(KatanaSearchAttributes.CHALLENGE)).isEqualTo("web-echo");
    }

    @Test
    void oneFailingTeamIsRecordedAndTheOthersGetTheirCopy(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        ChallengeActivities activities = working();
        org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure(
                "Deployment web-echo of team blue not available: ImagePullBackOff", "RolloutFailed"))
                .when(activities).awaitReady("blue", "web-echo");
        worker.registerActivitiesImplementations(activities);
        env.start();

        BroadcastResult result = stub(client, worker).broadcast(new BroadcastRequest(SPEC, SHA, List.of("red", "blue"),
                null));

        assertThat(result.ready()).extracting(TeamCopy::team).containsExactly("red");
        assertThat(result.failed()).containsExactly(
                new TeamFailure("blue", "Deployment web-echo of team blue not available: ImagePullBackOff"));
        verify(activities).recordCopyFailed("web-echo", "abababababab", "blue",
                "Deployment web-echo of team blue not available: ImagePullBackOff");
        verify(activities, never()).readyTeams();
    }

    @Test
    void aFailedBuildEndsTheBroadcastWithItsLogTailBeforeAnyTeamIsTouched(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        ChallengeActivities activities = working();
        when(activities.buildImage("web-echo", SHA)).thenThrow(ApplicationFailure.newNonRetryableFailure(
                "build failed: Step 3/4 : RUN make\n/bin/sh: make: not found", "BuildFailed"));
        worker.registerActivitiesImplementations(activities);
        env.start();

        assertThatThrownBy(() -> stub(client, worker).broadcast(new BroadcastRequest(SPEC, SHA, null, null)))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("make: not found");
        verify(activities, never()).ensureRepo(anyString(), anyString(), anyString());
        verify(activities, never()).recordCopy(anyString(), anyString(), any());
        verify(activities, never()).recordCopyFailed(anyString(), anyString(), anyString(), anyString());
    }

    @Test
    void theRequestRefusesWhatWouldBreakTheWorkflowId() {
        assertThatThrownBy(() -> new BroadcastRequest(SPEC, "not-a-sha", null, null))
                .hasMessage("archiveSha256 must be 64 lower-case hex digits");
        assertThatThrownBy(() -> new BroadcastRequest(SPEC, SHA, List.of("Red"), null))
                .hasMessageContaining("team name 'Red'");
    }
}
