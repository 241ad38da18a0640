package io.katana.workflows.team;

/** Where a team stands, as MongoDB records it and {@code GET /api/v1/teams} shows it. */
public enum TeamState {
    PROVISIONING,
    READY,
    FAILED
}
