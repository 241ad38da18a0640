package io.katana.activities.gitserver;

/** A commit as the git server's API shows it: its full id and message. */
public record GitCommit(String id, String message) {
}
