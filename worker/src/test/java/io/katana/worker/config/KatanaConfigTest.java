package io.katana.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.activities.gitserver.GitFlavor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KatanaConfigTest {

    private static final String TOKEN = "abcdefghijklmnopqrstuvwx";

    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeEach
    void requiredOnly() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        env = new HashMap<>(Map.of(
                "KATANA_MYSQL_USER", "katana_admin",
                "KATANA_MYSQL_PASSWORD", "mysql-pw",
                "KATANA_KUBECONFIG", kubeconfig.toString(),
                "KATANA_GIT_ADMIN_PASSWORD", "gitadmin-pw",
                "KATANA_ADMIN_TOKEN", TOKEN,
                "KATANA_INFRASET", "external"));
    }

    private ConfigException problems() {
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> KatanaConfig.from(env));
    }

    @Test
    void thePipelineDefaultsToBothQueuesAndItsLimits() {
        KatanaConfig.Pipeline pipeline = KatanaConfig.from(env).pipeline();

        assertThat(pipeline.orchestration()).isTrue();
        assertThat(pipeline.build()).isTrue();
        assertThat(pipeline.maxConcurrentBuilds()).isEqualTo(2);
        assertThat(pipeline.rolloutDeadline()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(pipeline.buildMemoryBytes()).isEqualTo(1L << 30);
        assertThat(pipeline.buildCpuset()).isNull();
        assertThat(pipeline.maxWebhookBytes()).isEqualTo(1L << 20);
        assertThat(pipeline.reconcileEvery()).isEqualTo(java.time.Duration.ofMinutes(1));
    }

    @Test
    void aBuildHostServesTheBuildQueueAloneWithItsOwnLimits() {
        env.put("KATANA_WORKER_QUEUES", "build");
        env.put("KATANA_MAX_CONCURRENT_BUILDS", "4");
        env.put("KATANA_BUILD_CPUSET", "0-1");
        env.put("KATANA_BUILD_MEMORY", "512Mi");
        env.put("KATANA_ROLLOUT_DEADLINE", "2m");
        env.put("KATANA_RECONCILE_EVERY", "0");

        KatanaConfig.Pipeline pipeline = KatanaConfig.from(env).pipeline();

        assertThat(pipeline.orchestration()).isFalse();
        assertThat(pipeline.build()).isTrue();
        assertThat(pipeline.maxConcurrentBuilds()).isEqualTo(4);
        assertThat(pipeline.buildCpuset()).isEqualTo("0-1");
        assertThat(pipeline.buildMemoryBytes()).isEqualTo(512L << 20);
        assertThat(pipeline.rolloutDeadline()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(pipeline.reconcileEvery()).isZero();
    }

    @Test
    void badPipelineSettingsAreNamed() {
        env.put("KATANA_WORKER_QUEUES", "orchestration,builds");
        env.put("KATANA_ROLLOUT_DEADLINE", "soon");
        env.put("KATANA_BUILD_MEMORY", "0");
        env.put("KATANA_MAX_CONCURRENT_BUILDS", "0");

        assertThat(problems().getMessage())
                .contains("KATANA_WORKER_QUEUES").contains("KATANA_ROLLOUT_DEADLINE")
                .contains("KATANA_BUILD_MEMORY").contains("KATANA_MAX_CONCURRENT_BUILDS");
    }

    @Test
    void everyOptionalVariableDefaultsToTheLocalTestBed() {
        KatanaConfig config = KatanaConfig.from(env);

        assertThat(config.temporalAddress()).isEqualTo(new HostPort("127.0.0.1", 7233));
        assertThat(config.temporalNamespace()).isEqualTo("default");
        assertThat(config.temporalUiUrl()).isEqualTo(URI.create("http://127.0.0.1:8233"));
        assertThat(config.taskQueue()).isEqualTo("katana");
        assertThat(config.mongoUri().reveal()).isEqualTo("mongodb://127.0.0.1:27017");
        assertThat(config.mongoDatabase()).isEqualTo("katana");
        assertThat(config.mysqlUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306/");
        assertThat(config.registry()).isEqualTo(new HostPort("127.0.0.1", 5000));
        assertThat(config.dockerHost()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(config.gitUrl()).isEqualTo(URI.create("http://198.18.255.1:3000"));
        assertThat(config.gitFlavor()).isEqualTo(GitFlavor.GITEA);
        assertThat(config.gitAdminUser()).isEqualTo("katana");
        assertThat(config.apiHost()).isEqualTo("127.0.0.1");
        assertThat(config.apiPort()).isEqualTo(8080);
        assertThat(config.apiUrl()).isEqualTo("http://127.0.0.1:8080");
        KatanaConfig.Platform platform = config.platform();
        assertThat(platform.adminNamespace()).isEqualTo("katana");
        assertThat(platform.infrasetManaged()).isFalse();
        assertThat(platform.masterImage()).isEqualTo("127.0.0.1:5000/katana/master:1");
        assertThat(platform.gitPodUrl()).isEqualTo(URI.create("http://198.18.255.1:3000"));
        assertThat(platform.gitDbHost()).isEqualTo("127.0.0.1:3306");
        assertThat(platform.gitDbName()).isEqualTo("gitea");
        assertThat(platform.defaultBranch()).isEqualTo("main");
        assertThat(platform.teamConcurrency()).isEqualTo(5);
    }

    @Test
    void aManagedInfrasetNeedsTheCredentialsItsDatabasesStartWith() {
        env.put("KATANA_INFRASET", "managed");

        assertThat(problems().problems()).containsExactly(
                "KATANA_MYSQL_USER must be root when KATANA_INFRASET=managed: the infraset's MySQL starts with the"
                        + " root password KATANA_MYSQL_PASSWORD",
                "KATANA_MONGODB_URI must carry user:password when KATANA_INFRASET=managed: the infraset's MongoDB"
                        + " starts with that root user");

        env.put("KATANA_MYSQL_USER", "root");
        env.put("KATANA_MONGODB_URI", "mongodb://katana-root:pw@mongodb.katana.svc:27017/");
        assertThat(KatanaConfig.from(env).platform().infrasetManaged()).isTrue();
    }

    @Test
    void platformSettingsAreReadAndCheckedByName() {
        env.put("KATANA_INFRASET", "external");
        env.put("KATANA_INFRASET_IMAGES", "mysql=mirror.local/mysql:8.4,gogs=mirror.local/gogs:0.14.3");
        env.put("KATANA_MYSQL_URL", "jdbc:mysql://db.internal/");
        env.put("KATANA_GIT_FLAVOR", "gogs");

        KatanaConfig.Platform platform = KatanaConfig.from(env).platform();

        assertThat(platform.infrasetManaged()).isFalse();
        assertThat(platform.infrasetImages()).containsEntry("gogs", "mirror.local/gogs:0.14.3").hasSize(2);
        assertThat(platform.gitDbHost()).isEqualTo("db.internal:3306");
        assertThat(platform.gitDbUser()).isEqualTo("gogs");

        env.put("KATANA_INFRASET", "maybe");
        env.put("KATANA_TEAM_CONCURRENCY", "0");
        env.put("KATANA_ADMIN_NAMESPACE", "Katana_NS");
        assertThat(problems().problems()).containsExactly(
                "KATANA_ADMIN_NAMESPACE='Katana_NS' is invalid: expected a namespace name (a DNS label) for Katana's own objects",
                "KATANA_INFRASET='maybe' is invalid: expected managed (Katana deploys MySQL, MongoDB, the git server and"
                        + " the registry) or external (they exist)",
                "KATANA_TEAM_CONCURRENCY='0' is invalid: expected a number of teams provisioned at once, 1..50");
    }

    @Test
    void requiredAndSecretValuesAreRead() {
        env.put("KATANA_GIT_FLAVOR", "gogs");
        env.put("KATANA_GIT_URL", "http://git.example:3000/");
        env.put("KATANA_API_PORT", "9090");
        env.put("KATANA_API_HOST", "0.0.0.0");

        KatanaConfig config = KatanaConfig.from(env);

        assertThat(config.mysqlUser()).isEqualTo("katana_admin");
        assertThat(config.mysqlPassword().reveal()).isEqualTo("mysql-pw");
        assertThat(config.gitAdminPassword().reveal()).isEqualTo("gitadmin-pw");
        assertThat(config.adminToken().reveal()).isEqualTo(TOKEN);
        assertThat(config.kubeconfig()).contains(dir.resolve("kubeconfig"));
        assertThat(config.gitFlavor()).isEqualTo(GitFlavor.GOGS);
        assertThat(config.gitUrl()).hasToString("http://git.example:3000");
        assertThat(config.apiUrl()).isEqualTo("http://127.0.0.1:9090");
    }

    @Test
    void withoutKubeconfigTheProcessHasNoneAndAnUnreadableOneIsNamed() {
        env.remove("KATANA_KUBECONFIG");
        assertThat(KatanaConfig.from(env).kubeconfig()).isEmpty();

        env.put("KATANA_KUBECONFIG", dir.resolve("absent").toString());
        assertThat(problems().problems()).singleElement().asString()
                .startsWith("KATANA_KUBECONFIG='" + dir.resolve("absent") + "' is invalid").endsWith("(no such file)");
    }

    @Test
    void aMissingRequiredVariableIsNamedWithWhatIsExpected() {
        env.remove("KATANA_MYSQL_USER");

        assertThat(problems().problems()).containsExactly(
                "KATANA_MYSQL_USER is not set: expected the MySQL admin user that creates the git server's database");
    }

    @Test
    void blankCountsAsUnset() {
        env.put("KATANA_ADMIN_TOKEN", "  ");
        env.put("KATANA_TASK_QUEUE", "");

        assertThat(problems().problems()).singleElement().asString().startsWith("KATANA_ADMIN_TOKEN is not set");
    }

    @Test
    void aMalformedPortIsRefused() {
        env.put("KATANA_API_PORT", "80a");
        assertThat(problems().problems())
                .containsExactly("KATANA_API_PORT='80a' is invalid: expected a port number 1..65535");

        env.put("KATANA_API_PORT", "70000");
        assertThat(problems().problems()).singleElement().asString().startsWith("KATANA_API_PORT='70000'");
    }

    @Test
    void anUnknownFlavorIsRefused() {
        env.put("KATANA_GIT_FLAVOR", "github");

        assertThat(problems().problems())
                .containsExactly("KATANA_GIT_FLAVOR='github' is invalid: expected gogs or gitea");
    }

    @Test
    void everyProblemIsReportedAtOnceOnePerLine() {
        env.remove("KATANA_MYSQL_PASSWORD");
        env.put("KATANA_KUBECONFIG", dir.resolve("absent").toString());
        env.put("KATANA_TEMPORAL_ADDRESS", "localhost");
        env.put("KATANA_GIT_URL", "ftp://git");
        env.put("KATANA_DOCKER_HOST", "/var/run/docker.sock");
        env.put("KATANA_ADMIN_TOKEN", "short");

        ConfigException error = problems();

        assertThat(error.problems()).hasSize(6);
        assertThat(error.getMessage().lines())
                .first().isEqualTo("invalid configuration:");
        assertThat(error.getMessage())
                .contains("\n  KATANA_TEMPORAL_ADDRESS='localhost' is invalid: expected host:port")
                .contains("\n  KATANA_MYSQL_PASSWORD is not set")
                .contains("\n  KATANA_KUBECONFIG='" + dir.resolve("absent") + "' is invalid")
                .contains("(no such file)")
                .contains("\n  KATANA_DOCKER_HOST='/var/run/docker.sock' is invalid")
                .contains("\n  KATANA_GIT_URL='ftp://git' is invalid")
                .contains("\n  KATANA_ADMIN_TOKEN is invalid: expected a bearer token of at least 24 characters")
                .doesNotContain("short");
    }

    @Test
    void credentialsInUrlsAreNeverQuoted() {
        env.put("KATANA_MONGODB_URI", "postgres://user:hunter2@db/");
        env.put("KATANA_GIT_URL", "http://root:hunter3@git:3000");
        env.put("KATANA_MYSQL_URL", "jdbc:mysql://db/?user=root&password=hunter4");

        ConfigException error = problems();

        assertThat(error.problems()).hasSize(3);
        assertThat(error.getMessage()).doesNotContain("hunter2", "hunter3", "hunter4");
    }

    @Test
    void toStringHidesEverySecret() {
        env.put("KATANA_MONGODB_URI", "mongodb://katana:mongo-pw@127.0.0.1:27017/?authSource=admin");

        KatanaConfig config = KatanaConfig.from(env);

        assertThat(config.toString())
                .doesNotContain("mongo-pw", "mysql-pw", "gitadmin-pw", TOKEN)
                .contains("adminToken=***")
                .contains("temporalAddress=127.0.0.1:7233");
        assertThat(config.secrets()).extracting(s -> s.reveal()).contains("mongo-pw", "mysql-pw", TOKEN);
    }

    @Test
    void ipv6AddressesParse() {
        env.put("KATANA_REGISTRY", "[::1]:5000");
        assertThat(KatanaConfig.from(env).registry()).isEqualTo(new HostPort("[::1]", 5000));
    }

    @Test
    void theGitServersReservedAdminNameIsRefused() {
        env.put("KATANA_GIT_ADMIN_USER", "admin");
        assertThatThrownBy(() -> KatanaConfig.from(env))
                .hasMessageContaining("KATANA_GIT_ADMIN_USER='admin' is invalid");
    }
}
