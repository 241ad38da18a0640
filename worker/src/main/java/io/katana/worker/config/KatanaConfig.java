package io.katana.worker.config;

import io.katana.activities.gitserver.GitFlavor;
import io.katana.activities.store.Mongo;
import io.katana.workflows.common.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole configuration of one Katana process, read once from the environment. Defaults are the
 * addresses of the local test bed; secrets have no defaults. Secrets print as {@code ***}.
 */
public record KatanaConfig(
        HostPort temporalAddress,
        String temporalNamespace,
        URI temporalUiUrl,
        String taskQueue,
        Secret mongoUri,
        String mongoDatabase,
        String mysqlUrl,
        String mysqlUser,
        Secret mysqlPassword,
        Path kubeconfig,
        HostPort registry,
        URI dockerHost,
        URI gitUrl,
        GitFlavor gitFlavor,
        String gitAdminUser,
        Secret gitAdminPassword,
        String apiHost,
        int apiPort,
        Secret adminToken) {

    public static final int MIN_ADMIN_TOKEN_LENGTH = 24;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    /** Gogs' user name rule; "admin" is reserved by Gogs (gogs-contract.md). */
    private static final Pattern GIT_USER = Pattern.compile("(?!admin$)[A-Za-z0-9_.-]{1,35}");
    private static final Set<String> HTTP = Set.of("http", "https");

    public KatanaConfig {
        Objects.requireNonNull(temporalAddress, "temporalAddress");
        Objects.requireNonNull(temporalNamespace, "temporalNamespace");
        Objects.requireNonNull(temporalUiUrl, "temporalUiUrl");
        Objects.requireNonNull(taskQueue, "taskQueue");
        Objects.requireNonNull(mongoUri, "mongoUri");
        Objects.requireNonNull(mongoDatabase, "mongoDatabase");
        Objects.requireNonNull(mysqlUrl, "mysqlUrl");
        Objects.requireNonNull(mysqlUser, "mysqlUser");
        Objects.requireNonNull(mysqlPassword, "mysqlPassword");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(gitUrl, "gitUrl");
        Objects.requireNonNull(gitFlavor, "gitFlavor");
        Objects.requireNonNull(gitAdminUser, "gitAdminUser");
        Objects.requireNonNull(gitAdminPassword, "gitAdminPassword");
        Objects.requireNonNull(apiHost, "apiHost");
        Objects.requireNonNull(adminToken, "adminToken");
    }

    /** Reads the variables of the contract (README, "Configuration"); throws with every problem. */
    public static KatanaConfig from(Map<String, String> environment) {
        Env env = new Env(environment);
        HostPort temporal = env.parsed("KATANA_TEMPORAL_ADDRESS", "127.0.0.1:7233", HostPort::parse,
                "host:port of the Temporal frontend");
        String namespace = env.text("KATANA_TEMPORAL_NAMESPACE", "default", NAME.asMatchPredicate(),
                "a Temporal namespace name");
        URI temporalUi = env.url("KATANA_TEMPORAL_UI_URL", "http://127.0.0.1:8233", HTTP,
                "an http(s) URL of the Temporal Web UI");
        String taskQueue = env.text("KATANA_TASK_QUEUE", "katana", NAME.asMatchPredicate(),
                "a task queue name");
        Secret mongoUri = env.secret("KATANA_MONGODB_URI", "mongodb://127.0.0.1:27017",
                KatanaConfig::isMongoUri, "a MongoDB connection string mongodb://[user:password@]host:port/");
        String mongoDatabase = env.text("KATANA_MONGODB_DATABASE", "katana", DATABASE.asMatchPredicate(),
                "a database name of letters, digits, '_' or '-'");
        String mysqlUrl = env.text("KATANA_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/",
                v -> v.startsWith("jdbc:mysql://") && !v.contains("password"),
                "a JDBC URL jdbc:mysql://host:port/ (without credentials)");
        String mysqlUser = env.required("KATANA_MYSQL_USER", v -> v.length() <= 80,
                "the MySQL admin user that creates the git server's database");
        Secret mysqlPassword = env.secret("KATANA_MYSQL_PASSWORD", null, v -> true,
                "the password of KATANA_MYSQL_USER");
        Path kubeconfig = env.readableFile("KATANA_KUBECONFIG",
                "the path of a readable kubeconfig file for Katana's cluster access");
        HostPort registry = env.parsed("KATANA_REGISTRY", "127.0.0.1:5000", HostPort::parse,
                "host:port of the image registry (plain HTTP)");
        URI dockerHost = env.url("KATANA_DOCKER_HOST", "unix:///var/run/docker.sock", Set.of("unix", "tcp"),
                "a Docker engine address unix:///path/docker.sock or tcp://host:port");
        URI gitUrl = env.url("KATANA_GIT_URL", "http://198.18.255.1:3000", HTTP,
                "the http(s) base URL of the git server");
        GitFlavor flavor = env.parsed("KATANA_GIT_FLAVOR", "gitea", GitFlavor::parse, "gogs or gitea");
        String gitAdmin = env.text("KATANA_GIT_ADMIN_USER", "katana", GIT_USER.asMatchPredicate(),
                "a git server user name ([A-Za-z0-9_.-], at most 35 characters, not 'admin')");
        Secret gitAdminPassword = env.secret("KATANA_GIT_ADMIN_PASSWORD", null, v -> v.length() >= 8,
                "the password of the git server's admin, at least 8 characters");
        String apiHost = env.text("KATANA_API_HOST", "127.0.0.1", v -> !v.contains("/"),
                "the address the API binds to, e.g. 127.0.0.1 or 0.0.0.0");
        int apiPort = env.port("KATANA_API_PORT", 8080);
        Secret adminToken = env.secret("KATANA_ADMIN_TOKEN", null, v -> v.length() >= MIN_ADMIN_TOKEN_LENGTH,
                "a bearer token of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 24)");
        env.throwIfProblems();
        return new KatanaConfig(temporal, namespace, temporalUi, taskQueue, mongoUri, mongoDatabase, mysqlUrl,
                mysqlUser, mysqlPassword, kubeconfig, registry, dockerHost, gitUrl, flavor, gitAdmin,
                gitAdminPassword, apiHost, apiPort, adminToken);
    }

    private static boolean isMongoUri(String value) {
        if (!value.startsWith("mongodb://") && !value.startsWith("mongodb+srv://")) {
            return false;
        }
        try {
            Mongo.password(Secret.of(value));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every secret value this process knows, including the password inside the MongoDB URI. */
    public List<Secret> secrets() {
        List<Secret> secrets = new ArrayList<>(List.of(mongoUri, mysqlPassword, gitAdminPassword, adminToken));
        Mongo.password(mongoUri).ifPresent(secrets::add);
        return List.copyOf(secrets);
    }

    /** The base URL people and links use for the API (a wildcard bind is reached over loopback). */
    public String apiUrl() {
        String host = switch (apiHost) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> apiHost.contains(":") && !apiHost.startsWith("[") ? "[" + apiHost + "]" : apiHost;
        };
        return "http://" + host + ":" + apiPort;
    }
}
