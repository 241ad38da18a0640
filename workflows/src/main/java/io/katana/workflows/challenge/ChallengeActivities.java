package io.katana.workflows.challenge;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The outside-world steps of a broadcast; each idempotent. */
@ActivityInterface(namePrefix = "Challenge_")
public interface ChallengeActivities {

    /** Builds the package's image without network and pushes it; the build log tail on failure. */
    @ActivityMethod
    BuiltImage buildImage(String challenge, String archiveSha256);

    /** The teams that are READY, by name. */
    @ActivityMethod
    List<String> readyTeams();

    /**
     * The team's private repo {@code <team>/<challenge>} holding the source as its first commit
     * (pushed as the team); an existing repo keeps its history.
     *
     * @return the commit at the head of the default branch
     */
    @ActivityMethod
    String ensureRepo(String team, String challenge, String archiveSha256);

    /** The push webhook with its own secret (kept by Katana, never in a history); its id. */
    @ActivityMethod
    long ensureWebhook(String team, String challenge);

    /** The Deployment and Service from the spec, and the package's k8s/ manifests, in the team namespace. */
    @ActivityMethod
    void applyObjects(String team, ChallengeSpec spec, String archiveSha256, String image, String commit);

    /** The challenge in the team's master pod list, so its sync loop checks the repo out. */
    @ActivityMethod
    void syncMasterPod(String team, String challenge);

    /** Waits, heartbeating, until the team's challenge Deployment is available. */
    @ActivityMethod
    void awaitReady(String team, String challenge);

    /** The team's copy as MongoDB records it. */
    @ActivityMethod
    void recordCopy(String challenge, String version, TeamCopy copy);

    /** The failure of one team's copy, with its reason. */
    @ActivityMethod
    void recordCopyFailed(String challenge, String version, String team, String reason);
}
