package io.katana.workflows.patch;

import io.katana.workflows.ActivityProfiles;
import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.TaskQueues;
import io.katana.workflows.WorkflowKind;
import io.katana.workflows.common.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

public class PatchWorkflowImpl implements PatchWorkflow {

    private static final Logger log = Workflow.getLogger(PatchWorkflowImpl.class);

    private final PatchActivities calls = Workflow.newActivityStub(PatchActivities.class, ActivityProfiles.PATCH_CALL);
    private final PatchActivities waits =
            Workflow.newActivityStub(PatchActivities.class, ActivityProfiles.ROLLOUT_WAIT);
    private final BuildActivities source = Workflow.newActivityStub(BuildActivities.class,
            onBuildQueue(ActivityProfiles.PATCH_SOURCE));
    private final BuildActivities builder = Workflow.newActivityStub(BuildActivities.class,
            onBuildQueue(ActivityProfiles.PATCH_BUILD));

    private PatchStatus status = PatchStatus.RECEIVED;

    private static ActivityOptions onBuildQueue(ActivityOptions profile) {
        return profile.toBuilder().setTaskQueue(TaskQueues.build(Workflow.getInfo().getTaskQueue())).build();
    }

    @Override
    public PatchResult patch(PatchRequest request) {
        String id = Workflow.getInfo().getWorkflowId();
        String team = request.team();
        String challenge = request.challenge();
        Workflow.upsertTypedSearchAttributes(
                KatanaSearchAttributes.KIND.valueSet(WorkflowKind.PATCH.keyword()),
                KatanaSearchAttributes.TEAM.valueSet(team),
                KatanaSearchAttributes.CHALLENGE.valueSet(challenge),
                KatanaSearchAttributes.COMMIT.valueSet(request.commit()));
        PatchTicket ticket = calls.open(id, request);
        calls.supersedeOlder(id, team, challenge, ticket.sequence());
        PatchResult result;
        try {
            result = run(id, request, ticket);
        } catch (CanceledFailure | ActivityFailure failure) {
            if (!CancellationScope.current().isCancelRequested()) {
                // A rollout call that kept failing (Kubernetes away for minutes): the old version stays.
                result = new PatchResult(id, PatchStatus.FAILED, ticket.liveImage(), Failures.reason(failure));
            } else {
                PatchResult superseded = new PatchResult(id, PatchStatus.SUPERSEDED, ticket.liveImage(),
                        "a newer push took over");
                status = superseded.status();
                // The scope is cancelled; the record still has to be written.
                Workflow.newDetachedCancellationScope(() -> calls.finish(id, superseded, request.commit())).run();
                throw failure instanceof CanceledFailure cancelled ? cancelled : new CanceledFailure("superseded");
            }
        }
        status = result.status();
        calls.finish(id, result, request.commit());
        log.info("patch {} of {}/{}: {}", request.commit(), team, challenge, result.status());
        return result;
    }

    private PatchResult run(String id, PatchRequest request, PatchTicket ticket) {
        String team = request.team();
        String challenge = request.challenge();
        String image;
        try {
            if (request.rollsBack()) {
                image = request.image();
            } else {
                status = PatchStatus.FETCHING;
                source.fetch(id, team, challenge, request.commit());
                status = PatchStatus.CHECKING;
                source.check(id, team, challenge, request.commit(), ticket.liveCommit());
                status = PatchStatus.BUILDING;
                image = builder.buildAndPush(id, team, challenge, request.commit());
            }
        } catch (ActivityFailure failure) {
            if (CancellationScope.current().isCancelRequested()) {
                throw new CanceledFailure("superseded");
            }
            return new PatchResult(id, PatchStatus.FAILED, ticket.liveImage(), Failures.reason(failure));
        }
        status = PatchStatus.ROLLING_OUT;
        if (calls.rollout(id, team, challenge, image, request.commit(), ticket.sequence())
                == RolloutOutcome.NEWER_LIVE) {
            return new PatchResult(id, PatchStatus.SUPERSEDED, null, "a newer patch is already live");
        }
        String notReady = waits.awaitRollout(id, team, challenge, image);
        if (notReady == null) {
            return new PatchResult(id, PatchStatus.LIVE, image, null);
        }
        if (ticket.liveImage() == null || ticket.liveImage().equals(image)) {
            return new PatchResult(id, PatchStatus.FAILED, image, notReady + "; there was no other version to put back");
        }
        // Put the last good version back, through the same rollout and wait.
        if (calls.rollout(id, team, challenge, ticket.liveImage(), ticket.liveCommit(), ticket.sequence())
                == RolloutOutcome.NEWER_LIVE) {
            return new PatchResult(id, PatchStatus.SUPERSEDED, null, notReady + "; a newer patch took over");
        }
        String backReady = waits.awaitRollout(id, team, challenge, ticket.liveImage());
        return new PatchResult(id, PatchStatus.ROLLED_BACK, ticket.liveImage(),
                backReady == null ? notReady : notReady + "; the previous version did not come back either: " + backReady);
    }

    @Override
    public PatchStatus status() {
        return status;
    }
}
