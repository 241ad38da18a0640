package io.katana.workflows.ping;

import io.katana.workflows.ActivityProfiles;
import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.WorkflowKind;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

public class PingWorkflowImpl implements PingWorkflow {

    private static final Logger log = Workflow.getLogger(PingWorkflowImpl.class);

    private final PingActivities activities =
            Workflow.newActivityStub(PingActivities.class, ActivityProfiles.SHORT_CALL);

    @Override
    public PingResult ping(PingRequest request) {
        Workflow.upsertTypedSearchAttributes(
                KatanaSearchAttributes.KIND.valueSet(WorkflowKind.PING.keyword()));
        PingReply reply = activities.echo(request.message());
        log.info("ping answered by {}", reply.host());
        return new PingResult(reply.message(), reply.host());
    }
}
