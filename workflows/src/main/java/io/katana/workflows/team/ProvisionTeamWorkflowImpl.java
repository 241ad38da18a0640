package io.katana.workflows.team;

import io.katana.workflows.ActivityProfiles;
import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.WorkflowKind;
import io.katana.workflows.common.Failures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

public class ProvisionTeamWorkflowImpl implements ProvisionTeamWorkflow {

    /** The type of the failure a team's provisioning ends with; the parent reads its message. */
    public static final String FAILURE_TYPE = "TeamProvisioningFailed";

    private static final Logger log = Workflow.getLogger(ProvisionTeamWorkflowImpl.class);

    private final TeamActivities store = Workflow.newActivityStub(TeamActivities.class, ActivityProfiles.SHORT_CALL);
    private final TeamActivities kube = Workflow.newActivityStub(TeamActivities.class, ActivityProfiles.KUBE_APPLY);
    private final TeamActivities readiness =
            Workflow.newActivityStub(TeamActivities.class, ActivityProfiles.READINESS_WAIT);

    @Override
    public TeamResult provision(ProvisionTeamRequest request) {
        String team = request.team();
        Workflow.upsertTypedSearchAttributes(
                KatanaSearchAttributes.KIND.valueSet(WorkflowKind.TEAM.keyword()),
                KatanaSearchAttributes.TEAM.valueSet(team));
        try {
            store.markProvisioning(team);
            String namespace = kube.ensureNamespace(team);
            // Git server calls plus a Secret: the apply profile's longer attempt covers both.
            boolean created = kube.ensureGitAccount(team);
            String masterPod = kube.ensureMasterPod(team);
            readiness.awaitMasterPod(team);
            TeamResult result = new TeamResult(team, namespace, team, created, masterPod);
            store.recordReady(result);
            log.info("team {} ready (git user {})", team, created ? "created" : "already there");
            return result;
        } catch (ActivityFailure failure) {
            String reason = Failures.reason(failure);
            log.warn("team {} failed: {}", team, reason);
            store.recordFailed(team, reason);
            throw ApplicationFailure.newNonRetryableFailure(reason, FAILURE_TYPE);
        }
    }
}
