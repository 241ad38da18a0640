package io.katana.worker.config;

import io.katana.activities.gitserver.GitFlavor;
import io.katana.activities.store.Mongo;
import io.katana.workflows.common.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
        Secret adminToken,
        Platform platform,
        Pipeline pipeline) {

    /** Where Katana's own objects live and how teams are provisioned. */
    public record Platform(
            String adminNamespace,
            boolean infrasetManaged,
            Map<String, String> infrasetImages,
            String adminUser,
            String masterImage,
            URI gitPodUrl,
            String gitDbHost,
            String gitDbName,
            String gitDbUser,
            String defaultBranch,
            int teamConcurrency,
            URI webhookUrl,
            boolean challengesTolerateKwok) {

        public Platform {
            Objects.requireNonNull(adminNamespace, "adminNamespace");
            infrasetImages = Map.copyOf(infrasetImages);
            Objects.requireNonNull(adminUser, "adminUser");
            Objects.requireNonNull(masterImage, "masterImage");
            Objects.requireNonNull(gitPodUrl, "gitPodUrl");
            Objects.requireNonNull(gitDbHost, "gitDbHost");
            Objects.requireNonNull(gitDbName, "gitDbName");
            Objects.requireNonNull(gitDbUser, "gitDbUser");
            Objects.requireNonNull(defaultBranch, "defaultBranch");
            Objects.requireNonNull(webhookUrl, "webhookUrl");
        }
    }

    /**
     * The patch pipeline: which task queues this process serves, with how much concurrency, and
     * the limits of builds and rollouts.
     *
     * @param orchestration whether this process runs workflows and the API-only activities
     * @param build whether it runs builds (it needs Docker and its clone cache)
     * @param reconcileEvery how often repo heads are compared with the commits handled; zero: never
     * @param metricsHost where the {@code worker} command serves its own /healthz and /metrics
     * @param metricsPort that port; zero: the worker serves no HTTP (the API's /metrics covers
     *     {@code dev})
     */
    public record Pipeline(
            boolean orchestration,
            boolean build,
            int maxConcurrentActivities,
            int maxConcurrentBuilds,
            Duration rolloutDeadline,
            String buildCpuset,
            long buildMemoryBytes,
            Duration buildTimeout,
            Path cloneCache,
            long maxTreeBytes,
            long maxWebhookBytes,
            Duration reconcileEvery,
            String metricsHost,
            int metricsPort) {

        public Pipeline {
            Objects.requireNonNull(rolloutDeadline, "rolloutDeadline");
            Objects.requireNonNull(buildTimeout, "buildTimeout");
            Objects.requireNonNull(cloneCache, "cloneCache");
            Objects.requireNonNull(reconcileEvery, "reconcileEvery");
            Objects.requireNonNull(metricsHost, "metricsHost");
            if (metricsPort < 0 || metricsPort > 65535) {
                throw new IllegalArgumentException("metricsPort must be 0..65535");
            }
        }
    }

    public static final int MIN_ADMIN_TOKEN_LENGTH = 24;
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s|m|h)");
    private static final Pattern BYTES = Pattern.compile("([0-9]{1,9})(Ki|Mi|Gi)?");
    private static final Pattern CPUSET = Pattern.compile("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    /** Gogs' user name rule; "admin" is reserved by Gogs (gogs-contract.md). */
    private static final Pattern GIT_USER = Pattern.compile("(?!admin$)[A-Za-z0-9_.-]{1,35}");
    private static final Set<String> HTTP = Set.of("http", "https");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern MYSQL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9\\[][A-Za-z0-9._:/@\\[\\]-]{0,254}");

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
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(pipeline, "pipeline");
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
        Platform platform = platform(env, registry, gitUrl, flavor, mysqlUrl, apiPort);
        if (platform != null && platform.infrasetManaged()) {
            // The managed infraset's databases start with the credentials Katana logs in with.
            if (mysqlUser != null && !mysqlUser.equals("root")) {
                env.problem("KATANA_MYSQL_USER must be root when KATANA_INFRASET=managed: the infraset's MySQL"
                        + " starts with the root password KATANA_MYSQL_PASSWORD");
            }
            if (mongoUri != null && Mongo.password(mongoUri).isEmpty()) {
                env.problem("KATANA_MONGODB_URI must carry user:password when KATANA_INFRASET=managed: the"
                        + " infraset's MongoDB starts with that root user");
            }
        }
        Pipeline pipeline = pipeline(env);
        env.throwIfProblems();
        return new KatanaConfig(temporal, namespace, temporalUi, taskQueue, mongoUri, mongoDatabase, mysqlUrl,
                mysqlUser, mysqlPassword, kubeconfig, registry, dockerHost, gitUrl, flavor, gitAdmin,
                gitAdminPassword, apiHost, apiPort, adminToken, platform, pipeline);
    }

    private static Platform platform(Env env, HostPort registry, URI gitUrl, GitFlavor flavor, String mysqlUrl,
            int apiPort) {
        String adminNamespace = env.text("KATANA_ADMIN_NAMESPACE", "katana", LABEL.asMatchPredicate(),
                "a namespace name (a DNS label) for Katana's own objects");
        String infraset = env.text("KATANA_INFRASET", "managed", v -> v.equals("managed") || v.equals("external"),
                "managed (Katana deploys MySQL, MongoDB, the git server and the registry) or external (they exist)");
        Map<String, String> images = env.parsed("KATANA_INFRASET_IMAGES", "", KatanaConfig::parseImages,
                "a comma-separated list container=image, e.g. mysql=mirror/mysql:8.4,gogs=mirror/gogs:0.14.3");
        String adminUser = env.text("KATANA_ADMIN_USER", "admin", LABEL.asMatchPredicate(),
                "the name of Katana's admin account (a DNS label)");
        String masterImage = env.text("KATANA_MASTER_IMAGE", (registry == null ? "127.0.0.1:5000" : registry)
                + "/katana/master:1", IMAGE.asMatchPredicate(), "an image reference of the team master pod");
        URI gitPodUrl = env.url("KATANA_GIT_POD_URL", gitUrl == null ? "http://198.18.255.1:3000" : gitUrl.toString(),
                HTTP, "the http(s) base URL of the git server as pods reach it");
        HostPort gitDbHost = env.parsed("KATANA_GIT_DB_HOST", mysqlHostPort(mysqlUrl), HostPort::parse,
                "host:port of MySQL as the git server reaches it");
        String dbDefault = flavor == null ? "gitea" : flavor.id();
        String gitDbName = env.text("KATANA_GIT_DB_NAME", dbDefault, MYSQL_NAME.asMatchPredicate(),
                "a MySQL database name of 1-32 [a-z0-9_], starting with a letter");
        String gitDbUser = env.text("KATANA_GIT_DB_USER", dbDefault, MYSQL_NAME.asMatchPredicate(),
                "a MySQL user name of 1-32 [a-z0-9_], starting with a letter");
        String branch = env.text("KATANA_GIT_DEFAULT_BRANCH", "main", BRANCH.asMatchPredicate(),
                "a git branch name");
        Integer concurrency = env.parsed("KATANA_TEAM_CONCURRENCY", "5", v -> parseInt(v, 1, 50),
                "a number of teams provisioned at once, 1..50");
        URI webhookUrl = env.url("KATANA_WEBHOOK_URL", "http://127.0.0.1:" + apiPort + "/hooks/git", HTTP, "the http(s) URL the git server delivers pushes to (Katana's API + /hooks/git)");
        String tolerate = env.text("KATANA_CHALLENGE_TOLERATE_KWOK", "false",
                v -> v.equals("true") || v.equals("false"), "true or false");
        if (webhookUrl == null || adminNamespace == null || images == null || masterImage == null || gitPodUrl == null
                || gitDbName == null || gitDbUser == null || branch == null || concurrency == null
                || adminUser == null || gitDbHost == null) {
            return null;
        }
        return new Platform(adminNamespace, infraset.equals("managed"), images, adminUser, masterImage, gitPodUrl,
                gitDbHost.toString(), gitDbName, gitDbUser, branch, concurrency, webhookUrl, tolerate.equals("true"));
    }

    private static Pipeline pipeline(Env env) {
        Set<String> roles = env.parsed("KATANA_WORKER_QUEUES", "orchestration,build", KatanaConfig::parseRoles,
                "a comma-separated list of orchestration and build (the task queues this worker serves)");
        Integer activities = env.parsed("KATANA_MAX_CONCURRENT_ACTIVITIES", "20", v -> parseInt(v, 1, 500),
                "a number of activities run at once on the orchestration queue, 1..500");
        Integer builds = env.parsed("KATANA_MAX_CONCURRENT_BUILDS", "2", v -> parseInt(v, 1, 64),
                "a number of builds run at once by this build worker, 1..64");
        Duration rollout = env.parsed("KATANA_ROLLOUT_DEADLINE", "90s", KatanaConfig::parseDuration,
                "a duration such as 90s or 2m: how long a new version may take to become ready");
        String cpuset = env.text("KATANA_BUILD_CPUSET", "", v -> v.isEmpty() || CPUSET.matcher(v).matches(),
                "the CPUs builds may use, e.g. 0-1 or 0,2 (empty: all)");
        Long memory = env.parsed("KATANA_BUILD_MEMORY", "1Gi", KatanaConfig::parseBytes,
                "a size such as 512Mi or 2Gi: the memory of one build");
        Duration buildTimeout = env.parsed("KATANA_BUILD_TIMEOUT", "10m", KatanaConfig::parseDuration,
                "a duration such as 10m: how long one build may take");
        String home = System.getProperty("user.home", ".");
        Path cache = env.parsed("KATANA_CLONE_CACHE", Path.of(home, ".cache", "katana", "clones").toString(),
                v -> java.util.Optional.of(Path.of(v)), "a folder for the build host's clones of team repos");
        Long tree = env.parsed("KATANA_PATCH_MAX_TREE", "100Mi", KatanaConfig::parseBytes,
                "a size such as 100Mi: the largest source tree a patch may have");
        Long webhook = env.parsed("KATANA_WEBHOOK_MAX_BYTES", "1Mi", KatanaConfig::parseBytes,
                "a size such as 1Mi: the largest webhook payload taken");
        Duration reconcile = env.parsed("KATANA_RECONCILE_EVERY", "1m", v -> v.equals("0")
                ? java.util.Optional.of(Duration.ZERO) : parseDuration(v),
                "a duration such as 1m (0: no reconciliation schedule)");
        String metricsHost = env.text("KATANA_METRICS_HOST", "127.0.0.1", v -> !v.isBlank() && !v.contains("/"),
                "the address the worker's /healthz and /metrics bind to, e.g. 127.0.0.1 or 0.0.0.0");
        Integer metricsPort = env.parsed("KATANA_METRICS_PORT", "9464", v -> parseInt(v, 0, 65535),
                "a port number 1..65535 for the worker's /healthz and /metrics, or 0 for none");
        if (roles == null || activities == null || builds == null || rollout == null || cpuset == null
                || memory == null || buildTimeout == null || cache == null || tree == null || webhook == null
                || reconcile == null || metricsHost == null || metricsPort == null) {
            return null;
        }
        return new Pipeline(roles.contains("orchestration"), roles.contains("build"), activities, builds, rollout,
                cpuset.isEmpty() ? null : cpuset, memory, buildTimeout, cache, tree, webhook, reconcile,
                metricsHost, metricsPort);
    }

    private static java.util.Optional<Set<String>> parseRoles(String value) {
        Set<String> roles = new java.util.HashSet<>();
        for (String role : value.split(",")) {
            String name = role.strip();
            if (!name.equals("orchestration") && !name.equals("build")) {
                return java.util.Optional.empty();
            }
            roles.add(name);
        }
        return roles.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(roles);
    }

    private static java.util.Optional<Integer> parseInt(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            return n >= min && n <= max ? java.util.Optional.of(n) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    static java.util.Optional<Duration> parseDuration(String value) {
        var match = DURATION.matcher(value);
        if (!match.matches() || Long.parseLong(match.group(1)) == 0) {
            return java.util.Optional.empty();
        }
        long n = Long.parseLong(match.group(1));
        return java.util.Optional.of(switch (match.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        });
    }

    static java.util.Optional<Long> parseBytes(String value) {
        var match = BYTES.matcher(value);
        if (!match.matches()) {
            return java.util.Optional.empty();
        }
        long n = Long.parseLong(match.group(1));
        int shift = match.group(2) == null ? 0 : switch (match.group(2)) {
            case "Ki" -> 10;
            case "Mi" -> 20;
            default -> 30;
        };
        return n == 0 ? java.util.Optional.empty() : java.util.Optional.of(n << shift);
    }

    private static String mysqlHostPort(String mysqlUrl) {
        if (mysqlUrl == null || !mysqlUrl.startsWith("jdbc:mysql://")) {
            return "127.0.0.1:3306";
        }
        String rest = mysqlUrl.substring("jdbc:mysql://".length());
        int end = rest.indexOf('/');
        String hostPort = end < 0 ? rest : rest.substring(0, end);
        return hostPort.contains(":") ? hostPort : hostPort + ":3306";
    }

    private static java.util.Optional<Map<String, String>> parseImages(String value) {
        Map<String, String> images = new java.util.LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.strip().split("=", 2);
            if (parts.length != 2 || !LABEL.matcher(parts[0]).matches() || !IMAGE.matcher(parts[1]).matches()) {
                return java.util.Optional.empty();
            }
            images.put(parts[0], parts[1]);
        }
        return java.util.Optional.of(images);
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
