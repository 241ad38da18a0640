package io.katana.workflows.init;

import static io.katana.workflows.testkit.KatanaTestWorkflows.withKatanaAttributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class InitWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = withKatanaAttributes(TestWorkflowExtension.newBuilder())
            .registerWorkflowImplementationTypes(InitWorkflowImpl.class)
            .setDoNotStart(true)
            .build();

    private static final InfrasetResult INFRASET = new InfrasetResult("katana", false, List.of("Namespace/katana"));
    private static final MongoSetup MONGO = new MongoSetup("katana", "admin", true, List.of("patches.team_challenge"));
    private static final GitDatabaseSetup GIT_DB = new GitDatabaseSetup("gitea", "gitea", "katana-git-db", true);
    private static final GitServerSetup GIT = new GitServerSetup("gitea", "1.27.3", true, "katana", "katana-git-admin");
    private static final RegistrySetup REGISTRY = new RegistrySetup("127.0.0.1:5000", true);


    private static InitActivities working() {
        InitActivities activities = mock(InitActivities.class, withSettings().withoutAnnotations());
        when(activities.applyInfraset()).thenReturn(INFRASET);
        when(activities.setUpMongo()).thenReturn(MONGO);
        when(activities.setUpGitDatabase()).thenReturn(GIT_DB);
        when(activities.setUpGitServer()).thenReturn(GIT);
        when(activities.checkRegistry()).thenReturn(REGISTRY);
        return activities;
    }

    private static InitWorkflow stub(WorkflowClient client, Worker worker) {
        return client.newWorkflowStub(InitWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.init()).setTaskQueue(worker.getTaskQueue()).build());
    }

    @Test
    void theDatabaseExistsBeforeTheInstallerRunsAndTheRecordComesLast(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        InitActivities activities = working();
        worker.registerActivitiesImplementations(activities);
        env.start();

        InitResult result = stub(client, worker).init(new InitRequest());

        assertThat(result).isEqualTo(new InitResult(INFRASET, MONGO, GIT_DB, GIT, REGISTRY));
        InOrder order = inOrder(activities);
        order.verify(activities).applyInfraset();
        order.verify(activities).awaitInfraset();
        order.verify(activities).setUpMongo();
        order.verify(activities).setUpGitDatabase();
        order.verify(activities).setUpGitServer();
        order.verify(activities).checkRegistry();
        order.verify(activities).recordPlatform(result);
        assertThat(client.newWorkflowStub(InitWorkflow.class, "init").step()).isEqualTo("done");
        var attributes = client.newUntypedWorkflowStub("init").describe().getTypedSearchAttributes();
        assertThat(attributes.get(KatanaSearchAttributes.KIND)).isEqualTo("init");
    }

    @Test
    void aSecondRunRunsEveryStepAgainAndReportsWhatWasAlreadyThere(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        InitActivities activities = working();
        GitServerSetup found = new GitServerSetup("gitea", "1.27.3", false, "katana", "katana-git-admin");
        when(activities.setUpGitServer()).thenReturn(GIT, found);
        worker.registerActivitiesImplementations(activities);
        env.start();

        stub(client, worker).init(new InitRequest());
        InitResult again = stub(client, worker).init(new InitRequest());

        assertThat(again.gitServer().installedNow()).isFalse();
        verify(activities, times(2)).setUpGitServer();
        verify(activities, times(2)).recordPlatform(org.mockito.ArgumentMatchers.any());
    }

    @Test
    void aGitServerThatIsNotUpYetIsRetried(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        InitActivities activities = working();
        when(activities.setUpGitServer())
                .thenThrow(new IllegalStateException("connection refused"))
                .thenThrow(new IllegalStateException("connection refused"))
                .thenReturn(GIT);
        worker.registerActivitiesImplementations(activities);
        env.start();

        InitResult result = stub(client, worker).init(new InitRequest());

        assertThat(result.gitServer()).isEqualTo(GIT);
        verify(activities, times(3)).setUpGitServer();
    }

    @Test
    void aRefusedInstallerFailsTheRunWithItsReasonAndRecordsNothing(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        InitActivities activities = working();
        when(activities.setUpGitServer()).thenThrow(ApplicationFailure.newNonRetryableFailure(
                "the git server's installer refused the form: database connection failed", "GitServerInstallRefused"));
        worker.registerActivitiesImplementations(activities);
        env.start();

        assertThatThrownBy(() -> stub(client, worker).init(new InitRequest()))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("database connection failed");
        verify(activities, never()).checkRegistry();
        verify(activities, never()).recordPlatform(org.mockito.ArgumentMatchers.any());
    }
}
