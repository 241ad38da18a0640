package io.katana.workflows.challenge;

/** Where one team's copy of a challenge stands after a broadcast. */
public record TeamCopy(String team, String repo, String commit, long webhookId, String image) {
}
