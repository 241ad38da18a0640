package io.katana.workflows.team;

import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.WorkflowIds;
import io.katana.workflows.WorkflowKind;
import io.katana.workflows.common.FanOut;
import io.katana.workflows.common.Progress;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

public class CreateTeamsWorkflowImpl implements CreateTeamsWorkflow {

    private static final Logger log = Workflow.getLogger(CreateTeamsWorkflowImpl.class);

    private final FanOut<TeamResult> teams = new FanOut<>();

    @Override
    public CreateTeamsResult create(CreateTeamsRequest request) {
        Workflow.upsertTypedSearchAttributes(KatanaSearchAttributes.KIND.valueSet(WorkflowKind.TEAMS.keyword()));
        FanOut.Outcome<TeamResult> outcome = teams.run(request.teams(), request.effectiveConcurrency(),
                team -> Async.function(child(team)::provision, new ProvisionTeamRequest(team)));
        log.info("teams: {} ready, {} failed", outcome.results().size(), outcome.failures().size());
        List<TeamFailure> failed = new ArrayList<>();
        outcome.failures().forEach((team, reason) -> failed.add(new TeamFailure(team, reason)));
        return new CreateTeamsResult(new ArrayList<>(outcome.results().values()), failed);
    }

    @Override
    public Progress progress() {
        return teams.progress();
    }

    private static ProvisionTeamWorkflow child(String team) {
        return Workflow.newChildWorkflowStub(ProvisionTeamWorkflow.class, ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.team(team))
                // A team provisioned before is provisioned again: every step is idempotent.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    }
}
