package io.katana.activities.gitserver;

import io.katana.workflows.common.Secret;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What Katana decides in the web installer; the server's own proposals (paths, run user, URL)
 * are kept as the installer page fills them in.
 *
 * @param dbHost {@code host:port} of MySQL as the git server reaches it
 */
public record InstallSettings(
        String dbHost,
        String dbName,
        String dbUser,
        Secret dbPassword,
        String appName,
        GitCredentials admin,
        String adminEmail,
        String defaultBranch) {

    // Gogs and Gitea: AlphaDashDot, at most 30 characters; `admin` is reserved on both.
    private static final Pattern ADMIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,30}");

    public InstallSettings {
        requireText(dbHost, "dbHost");
        requireText(dbName, "dbName");
        requireText(dbUser, "dbUser");
        Objects.requireNonNull(dbPassword, "dbPassword");
        requireText(appName, "appName");
        Objects.requireNonNull(admin, "admin");
        if (!ADMIN_NAME.matcher(admin.user()).matches() || admin.user().equalsIgnoreCase("admin")) {
            throw new IllegalArgumentException("git admin name '" + admin.user()
                    + "' is not allowed: 1-30 of [A-Za-z0-9_.-], and not 'admin' (reserved by Gogs and Gitea)");
        }
        // Gitea refuses passwords under 8 characters; Gogs would take an empty one.
        if (admin.password().length() < 8) {
            throw new IllegalArgumentException("git admin password must have at least 8 characters");
        }
        if (adminEmail == null || !adminEmail.contains("@")) {
            throw new IllegalArgumentException("adminEmail must contain '@'");
        }
        requireText(defaultBranch, "defaultBranch");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
