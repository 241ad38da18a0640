package io.katana.workflows.patch;

import io.katana.workflows.ActivityProfiles;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class ReconcileWorkflowImpl implements ReconcileWorkflow {

    /** One pass reads each copy's head from the git server: a minute for hundreds of copies. */
    private final PatchActivities calls = Workflow.newActivityStub(PatchActivities.class,
            ActivityProfiles.SHORT_CALL.toBuilder().setStartToCloseTimeout(Duration.ofMinutes(2))
                    .setScheduleToCloseTimeout(Duration.ofMinutes(5)).build());

    @Override
    public List<String> reconcile() {
        return calls.startMissedPushes();
    }
}
