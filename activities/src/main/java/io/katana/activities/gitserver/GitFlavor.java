package io.katana.activities.gitserver;

import java.util.Locale;
import java.util.Optional;

/** The two git servers Katana can drive through the Gogs API v1 subset (gogs-contract.md). */
public enum GitFlavor {
    GOGS,
    GITEA;

    public static Optional<GitFlavor> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (GitFlavor flavor : values()) {
            if (flavor.name().equalsIgnoreCase(value.trim())) {
                return Optional.of(flavor);
            }
        }
        return Optional.empty();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
