package io.katana.workflows.team;

/**
 * A provisioned team: where it lives and whether this run created its git server account (false
 * on a re-run, which finds everything in place).
 */
public record TeamResult(String team, String namespace, String gitUser, boolean gitUserCreated, String masterPod) {
}
