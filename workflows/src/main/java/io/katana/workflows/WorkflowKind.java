package io.katana.workflows;

import java.util.Locale;

/** The closed set of values of the {@code KatanaKind} search attribute. */
public enum WorkflowKind {
    PING,
    INIT,
    TEAMS,
    TEAM,
    CHALLENGE,
    PATCH;

    /** The keyword stored on the workflow, e.g. {@code KatanaKind="patch"} in a UI query. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
