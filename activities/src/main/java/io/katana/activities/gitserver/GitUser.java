package io.katana.activities.gitserver;

/** A git server account as the API shows it; {@code admin} is known on Gitea only (false on Gogs). */
public record GitUser(long id, String login, boolean admin) {
}
