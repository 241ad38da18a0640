package io.katana.workflows.patch;

/**
 * What opening a patch found: its place in the order of the copy's patches, and the version that
 * serves now (what a failed rollout puts back).
 *
 * @param sequence increases with every patch of the same copy; a higher one is newer
 * @param liveImage the digest reference serving now
 * @param liveCommit the commit serving now
 */
public record PatchTicket(long sequence, String liveImage, String liveCommit) {
}
