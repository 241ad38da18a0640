package io.katana.activities.gitserver;

import io.katana.workflows.common.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A git server account: Basic auth for the calls that accept only it (tokens, git over HTTP). */
public record GitCredentials(String user, Secret password) {

    public GitCredentials {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("git user must not be blank");
        }
        Objects.requireNonNull(password, "password");
    }

    /** The value of an {@code Authorization} header; Gogs wants the capital B (gogs-contract.md §2). */
    String basicAuthorization() {
        String pair = user + ":" + password.reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
