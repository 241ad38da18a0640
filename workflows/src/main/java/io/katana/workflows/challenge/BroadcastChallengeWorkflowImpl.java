package io.katana.workflows.challenge;

import io.katana.workflows.ActivityProfiles;
import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.WorkflowKind;
import io.katana.workflows.common.FanOut;
import io.katana.workflows.common.Failures;
import io.katana.workflows.common.Progress;
import io.katana.workflows.team.TeamFailure;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

public class BroadcastChallengeWorkflowImpl implements BroadcastChallengeWorkflow {

    private static final Logger log = Workflow.getLogger(BroadcastChallengeWorkflowImpl.class);

    private final ChallengeActivities calls =
            Workflow.newActivityStub(ChallengeActivities.class, ActivityProfiles.SHORT_CALL);
    private final ChallengeActivities kube =
            Workflow.newActivityStub(ChallengeActivities.class, ActivityProfiles.KUBE_APPLY);
    private final ChallengeActivities readiness =
            Workflow.newActivityStub(ChallengeActivities.class, ActivityProfiles.READINESS_WAIT);
    private final ChallengeActivities builder =
            Workflow.newActivityStub(ChallengeActivities.class, ActivityProfiles.BUILD);

    private final FanOut<TeamCopy> teams = new FanOut<>();

    @Override
    public BroadcastResult broadcast(BroadcastRequest request) {
        String challenge = request.spec().name();
        Workflow.upsertTypedSearchAttributes(
                KatanaSearchAttributes.KIND.valueSet(WorkflowKind.CHALLENGE.keyword()),
                KatanaSearchAttributes.CHALLENGE.valueSet(challenge));
        BuiltImage image = builder.buildImage(challenge, request.archiveSha256());
        List<String> names = request.teams() != null ? request.teams() : calls.readyTeams();
        FanOut.Outcome<TeamCopy> outcome = teams.run(names, request.effectiveConcurrency(),
                team -> Async.function(() -> copy(team, request, image)));
        List<TeamFailure> failed = new ArrayList<>();
        outcome.failures().forEach((team, reason) -> failed.add(new TeamFailure(team, reason)));
        log.info("challenge {} {}: {} teams ready, {} failed", challenge, request.version(),
                outcome.results().size(), failed.size());
        return new BroadcastResult(challenge, request.version(), image, new ArrayList<>(outcome.results().values()),
                failed);
    }

    /** One team's copy, step by step; its failure is recorded and ends only this team's copy. */
    private TeamCopy copy(String team, BroadcastRequest request, BuiltImage image) {
        String challenge = request.spec().name();
        try {
            String commit = calls.ensureRepo(team, challenge, request.archiveSha256());
            long webhook = calls.ensureWebhook(team, challenge);
            kube.applyObjects(team, request.spec(), request.archiveSha256(), image.digestReference(), commit);
            kube.syncMasterPod(team, challenge);
            readiness.awaitReady(team, challenge);
            TeamCopy copy = new TeamCopy(team, team + "/" + challenge, commit, webhook, image.digestReference());
            calls.recordCopy(challenge, request.version(), copy);
            return copy;
        } catch (ActivityFailure failure) {
            calls.recordCopyFailed(challenge, request.version(), team, Failures.reason(failure));
            throw failure;
        }
    }

    @Override
    public Progress progress() {
        return teams.progress();
    }
}
