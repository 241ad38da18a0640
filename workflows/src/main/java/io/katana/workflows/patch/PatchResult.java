package io.katana.workflows.patch;

/**
 * How a patch ended.
 *
 * @param image the digest reference that serves after it (the patch's own when LIVE)
 * @param reason why it is not LIVE, or null
 */
public record PatchResult(String patchId, PatchStatus status, String image, String reason) {
}
