package io.katana.workflows.patch;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The patch steps that talk to Kubernetes and MongoDB (the orchestration task queue). Each records
 * its own stage, with its times, in the patch document as it happens.
 */
@ActivityInterface(namePrefix = "Patch_")
public interface PatchActivities {

    /** The patch document (RECEIVED), its sequence, and the version that serves now. */
    @ActivityMethod
    PatchTicket open(String patchId, PatchRequest request);

    /** Cancels the copy's patches still in flight that are older than this one. */
    @ActivityMethod
    int supersedeOlder(String patchId, String team, String challenge, long sequence);

    /**
     * Sets the team's challenge Deployment to the image with the commit annotation, unless a newer
     * patch (a higher sequence) is already there.
     */
    @ActivityMethod
    RolloutOutcome rollout(String patchId, String team, String challenge, String image, String commit,
            long sequence);

    /**
     * Watches the Deployment until every replica runs the image and is ready.
     *
     * @return null when it did, else why not (the deadline passed, a pod cannot start)
     */
    @ActivityMethod
    String awaitRollout(String patchId, String team, String challenge, String image);

    /**
     * Starts a {@link PatchWorkflow} for every copy whose repo head is not the last commit handled
     * (a webhook the git server never delivered: Gogs does not retry), as the webhook would.
     *
     * @return the workflow ids started
     */
    @ActivityMethod
    java.util.List<String> startMissedPushes();

    /** The final status in the patch document and, when LIVE, the copy's live version. */
    @ActivityMethod
    void finish(String patchId, PatchResult result, String commit);
}
