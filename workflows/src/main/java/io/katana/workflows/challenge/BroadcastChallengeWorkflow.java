package io.katana.workflows.challenge;

import io.katana.workflows.common.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One upload to every team, id {@code challenge-<name>.<version>}: the image is built once, then
 * per team (a bounded number at a time) its repo, webhook, Kubernetes objects and master pod
 * checkout. One failing team does not stop the others; a re-run repairs what is missing.
 */
@WorkflowInterface
public interface BroadcastChallengeWorkflow {

    @WorkflowMethod(name = "BroadcastChallenge")
    BroadcastResult broadcast(BroadcastRequest request);

    /** Teams finished (ready or failed) of all; total is 0 until the image is built. */
    @QueryMethod
    Progress progress();
}
