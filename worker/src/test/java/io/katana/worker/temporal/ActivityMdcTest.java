package io.katana.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.workflows.patch.PatchRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Every activity's log lines carry its team, challenge and commit, and nothing else it was given. */
class ActivityMdcTest {

    @ActivityInterface(namePrefix = "Probe_")
    public interface ProbeActivities {
        void deploy(String team, String challenge, String commit, String password);

        void open(String patchId, PatchRequest request);
    }

    @WorkflowInterface
    public interface ProbeWorkflow {
        @WorkflowMethod
        void run();
    }

    public static final class ProbeWorkflowImpl implements ProbeWorkflow {
        @Override
        public void run() {
            ProbeActivities activities = Workflow.newActivityStub(ProbeActivities.class,
                    ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
            activities.deploy("team-4", "web-echo", "0123abcd", "hunter2-password");
            activities.open("patch-team-5.tcp-echo.89ef", PatchRequest.push("team-5", "tcp-echo", "89ef", "fix",
                    "team-5", PatchRequest.Trigger.WEBHOOK));
        }
    }

    /** What the MDC held while each activity ran. */
    static final Map<String, Map<String, String>> SEEN = new ConcurrentHashMap<>();

    public static final class ProbeActivitiesImpl implements ProbeActivities {
        @Override
        public void deploy(String team, String challenge, String commit, String password) {
            SEEN.put("deploy", MDC.getCopyOfContextMap());
        }

        @Override
        public void open(String patchId, PatchRequest request) {
            SEEN.put("open", MDC.getCopyOfContextMap());
        }
    }

    @Test
    void activitiesLogWithTheirTeamChallengeAndCommitButNoOtherArgument() {
        ProbeActivitiesImpl implementation = new ProbeActivitiesImpl();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new ActivityMdc(List.of(implementation))).build())
                .build())) {
            var worker = env.newWorker("mdc");
            worker.registerWorkflowImplementationTypes(ProbeWorkflowImpl.class);
            worker.registerActivitiesImplementations(implementation);
            env.start();
            env.getWorkflowClient().newWorkflowStub(ProbeWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue("mdc").setWorkflowId("challenge-web-echo.0a1b2c3d4e5f").build()).run();
        }

        assertThat(SEEN.get("deploy")).containsEntry("team", "team-4").containsEntry("challenge", "web-echo")
                .containsEntry("commit", "0123abcd").containsEntry("WorkflowId", "challenge-web-echo.0a1b2c3d4e5f");
        assertThat(SEEN.get("deploy").values()).doesNotContain("hunter2-password");
        assertThat(SEEN.get("open")).containsEntry("team", "team-5").containsEntry("challenge", "tcp-echo")
                .containsEntry("commit", "89ef");
    }

    @Test
    void patchWorkflowIdsNameTheirCopyWhenTheArgumentsDoNot() {
        ActivityMdc mdc = new ActivityMdc(List.of());

        assertThat(mdc.tags("Patch_Finish", "patch-team-0.web-echo.a1b2c3", new Object[] {"patch-x", null}))
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "team-0", "challenge", "web-echo",
                        "commit", "a1b2c3"));
        assertThat(mdc.tags("Patch_Finish", "rollback-team-0.web-echo.req-1", new Object[0]))
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "team-0", "challenge", "web-echo"));
        assertThat(mdc.tags("Team_EnsureNamespace", "team-red", new Object[] {"red"})).containsEntry("team", "red");
        assertThat(mdc.tags("Init_ApplyInfraset", "init", new Object[0])).isEmpty();
    }
}
