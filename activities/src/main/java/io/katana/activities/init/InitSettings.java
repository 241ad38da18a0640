package io.katana.activities.init;

import io.katana.activities.gitserver.GitCredentials;
import io.katana.workflows.common.Secret;
import java.util.Map;
import java.util.Objects;

/**
 * What initialising the platform needs from the worker's configuration.
 *
 * @param infrasetManaged whether Katana deploys MySQL, MongoDB, the git server and the registry
 *     itself (false: they exist already, as on the test bed or an organiser's own servers)
 * @param infrasetImages image overrides for the infraset, by container name ({@code mysql} → image)
 * @param gitDbHost {@code host:port} of MySQL as the git server reaches it
 * @param registry {@code host:port} of the image registry, plain HTTP
 * @param mongoRootUser the user of Katana's MongoDB URI, which a managed infraset's MongoDB starts with
 */
public record InitSettings(
        String adminNamespace,
        boolean infrasetManaged,
        Map<String, String> infrasetImages,
        String katanaAdminUser,
        Secret katanaAdminPassword,
        String mysqlUrl,
        String mysqlUser,
        Secret mysqlPassword,
        String gitDbHost,
        String gitDbName,
        String gitDbUser,
        GitCredentials gitAdmin,
        String gitAdminEmail,
        String gitAppName,
        String defaultBranch,
        String registry,
        String mongoRootUser,
        Secret mongoRootPassword) {

    public InitSettings {
        Objects.requireNonNull(adminNamespace, "adminNamespace");
        infrasetImages = Map.copyOf(infrasetImages);
        Objects.requireNonNull(katanaAdminUser, "katanaAdminUser");
        Objects.requireNonNull(katanaAdminPassword, "katanaAdminPassword");
        Objects.requireNonNull(mysqlUrl, "mysqlUrl");
        Objects.requireNonNull(mysqlUser, "mysqlUser");
        Objects.requireNonNull(mysqlPassword, "mysqlPassword");
        Objects.requireNonNull(gitDbHost, "gitDbHost");
        Objects.requireNonNull(gitDbName, "gitDbName");
        Objects.requireNonNull(gitDbUser, "gitDbUser");
        Objects.requireNonNull(gitAdmin, "gitAdmin");
        Objects.requireNonNull(gitAdminEmail, "gitAdminEmail");
        Objects.requireNonNull(gitAppName, "gitAppName");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        Objects.requireNonNull(registry, "registry");
    }
}
