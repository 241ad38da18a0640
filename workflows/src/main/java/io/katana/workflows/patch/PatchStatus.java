package io.katana.workflows.patch;

/** Where a patch stands; the last four are final. */
public enum PatchStatus {
    RECEIVED,
    FETCHING,
    CHECKING,
    BUILDING,
    ROLLING_OUT,
    /** The patch's digest serves the team's challenge. */
    LIVE,
    /** Refused, or the build failed: the previous version never stopped serving. */
    FAILED,
    /** The new version never became ready; the previous digest was put back. */
    ROLLED_BACK,
    /** A newer push of the same copy took over before this one went live. */
    SUPERSEDED;

    public boolean isFinal() {
        return ordinal() >= LIVE.ordinal();
    }
}
