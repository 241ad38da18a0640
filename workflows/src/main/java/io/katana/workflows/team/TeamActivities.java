package io.katana.workflows.team;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The outside-world steps of provisioning one team. Passwords and keys are generated inside the
 * activities and go straight into Kubernetes Secrets: no argument or result carries one, so none
 * reaches a workflow history.
 */
@ActivityInterface(namePrefix = "Team_")
public interface TeamActivities {

    /** Records the team as provisioning, unless MongoDB already knows it (then nothing changes). */
    @ActivityMethod
    void markProvisioning(String team);

    /** Namespace (labelled), default-deny NetworkPolicy plus the game's allowances, quota, limits. */
    @ActivityMethod
    String ensureNamespace(String team);

    /**
     * The team's git server user with a generated password, kept in the Secret
     * {@code team-credentials} of its namespace. An existing user keeps its password.
     *
     * @return whether the user was created now
     */
    @ActivityMethod
    boolean ensureGitAccount(String team);

    /** The master pod's StatefulSet, its ssh key pair Secret, its Service and its challenges ConfigMap. */
    @ActivityMethod
    String ensureMasterPod(String team);

    /** Waits, heartbeating, until the master pod is Ready. */
    @ActivityMethod
    void awaitMasterPod(String team);

    /** The team as ready in MongoDB. */
    @ActivityMethod
    void recordReady(TeamResult team);

    /** The team as failed in MongoDB, with the reason people see in {@code GET /teams/{name}}. */
    @ActivityMethod
    void recordFailed(String team, String reason);
}
