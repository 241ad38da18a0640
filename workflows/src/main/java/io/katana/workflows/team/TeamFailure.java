package io.katana.workflows.team;

/** A team that could not be provisioned, and why (the deepest error message). */
public record TeamFailure(String team, String reason) {
}
