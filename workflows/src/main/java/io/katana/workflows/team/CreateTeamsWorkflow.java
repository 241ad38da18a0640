package io.katana.workflows.team;

import io.katana.workflows.common.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Provisions many teams, one child {@link ProvisionTeamWorkflow} each, a bounded number at a time.
 * One failing team does not stop the others: the result names each failure with its reason.
 */
@WorkflowInterface
public interface CreateTeamsWorkflow {

    @WorkflowMethod(name = "CreateTeams")
    CreateTeamsResult create(CreateTeamsRequest request);

    /** Teams finished so far (ready or failed) of all requested. */
    @QueryMethod
    Progress progress();
}
