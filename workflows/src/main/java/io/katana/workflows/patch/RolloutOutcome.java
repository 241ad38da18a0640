package io.katana.workflows.patch;

/** What setting a Deployment's image did. */
public enum RolloutOutcome {
    /** The Deployment now runs (or rolls out to) the image. */
    APPLIED,
    /** A newer patch is already live or rolling out: this older one must not replace it. */
    NEWER_LIVE
}
