package io.katana.workflows.patch;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The patch steps that need a build host: a clone cache and Docker. They run on the build task
 * queue ({@link io.katana.workflows.TaskQueues#build}), so build hosts can be added apart from the
 * rest. Each is self-sufficient on any build host (a missing clone is fetched again), and records
 * its own stage.
 */
@ActivityInterface(namePrefix = "Build_")
public interface BuildActivities {

    /** Fetches exactly the pushed commit into the host's cached clone of the team's repo. */
    @ActivityMethod
    void fetch(String patchId, String team, String challenge, String commit);

    /**
     * Refuses (for good) a commit that changes a protected path against the live commit, or whose
     * tree is over the size limit.
     */
    @ActivityMethod
    void check(String patchId, String team, String challenge, String commit, String liveCommit);

    /**
     * Builds the commit without network, within CPU, memory and time limits, heartbeating (a
     * cancelled build stops), and pushes it tagged with the commit.
     *
     * @return {@code repository@sha256:...}
     */
    @ActivityMethod
    String buildAndPush(String patchId, String team, String challenge, String commit);
}
