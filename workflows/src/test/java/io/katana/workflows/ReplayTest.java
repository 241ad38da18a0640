package io.katana.workflows;

import io.katana.workflows.init.InitWorkflowImpl;
import io.katana.workflows.patch.PatchWorkflowImpl;
import io.katana.workflows.team.CreateTeamsWorkflowImpl;
import io.katana.workflows.team.ProvisionTeamWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Histories recorded on the test bed's Temporal server (init, a team creation of two teams, one
 * team, three patches) replayed against today's workflow code: a change that would break a run in flight (a
 * step reordered, an activity renamed) fails here instead of in a running CTF. Re-record them
 * with {@code temporal workflow show -w ID --output json} when a change is meant to be incompatible
 * (and version it with {@code Workflow.getVersion}).
 */
class ReplayTest {

    @Test
    void initReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history("init.json"), InitWorkflowImpl.class);
    }

    @Test
    void createTeamsReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history("create-teams.json"), CreateTeamsWorkflowImpl.class);
    }

    @Test
    void provisionTeamReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history("provision-team.json"), ProvisionTeamWorkflowImpl.class);
    }

    @Test
    void patchesReplay() throws Exception {
        // Live after its build host was killed (the build retried), rolled back, failed to build.
        for (String file : new String[] {"patch-live-after-build-host-crash.json", "patch-rolled-back.json",
                "patch-build-failed.json"}) {
            WorkflowReplayer.replayWorkflowExecution(history(file), PatchWorkflowImpl.class);
        }
    }

    private static WorkflowExecutionHistory history(String file) throws IOException {
        try (InputStream in = ReplayTest.class.getResourceAsStream("/histories/" + file)) {
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
