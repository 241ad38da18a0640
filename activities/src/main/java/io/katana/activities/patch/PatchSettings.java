package io.katana.activities.patch;

import io.katana.activities.challenge.ImageBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the patch pipeline needs from the worker's configuration.
 *
 * @param registry {@code host:port} patched images are pushed to
 * @param defaultBranch the branch whose pushes are patches
 * @param cloneCache where a build host keeps its clone of each team's repo
 * @param rolloutDeadline how long a new version may take to become ready before it is rolled back
 * @param buildLimits the CPUs, memory and time one build may use
 * @param maxTreeBytes the largest source tree a patch may have
 */
public record PatchSettings(String registry, String defaultBranch, Path cloneCache, Duration rolloutDeadline,
        ImageBuilder.Limits buildLimits, long maxTreeBytes) {

    public PatchSettings {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        Objects.requireNonNull(cloneCache, "cloneCache");
        Objects.requireNonNull(rolloutDeadline, "rolloutDeadline");
        Objects.requireNonNull(buildLimits, "buildLimits");
    }

    /** Where a team's patched images of a challenge go; the tag is the commit. */
    public String repository(String team, String challenge) {
        return registry + "/katana/" + team + "/" + challenge;
    }
}
