package io.katana.workflows.team;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One team, id {@code team-<name>}: namespace with its policies and quota, git server account,
 * credentials Secret, master pod, MongoDB record. Every step is idempotent: a re-run changes nothing.
 */
@WorkflowInterface
public interface ProvisionTeamWorkflow {

    @WorkflowMethod(name = "ProvisionTeam")
    TeamResult provision(ProvisionTeamRequest request);
}
