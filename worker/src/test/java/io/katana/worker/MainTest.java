package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run(Map.of(), "help")).isZero();
        assertThat(out()).startsWith("Usage: java -jar katana.jar <command>")
                .contains("  worker ", "  api ", "  dev ", "  help ");
        assertThat(err()).isEmpty();
    }

    @Test
    void anUnknownCommandPrintsUsageOnStderrWithExitCode2() {
        assertThat(run(Map.of(), "serve")).isEqualTo(2);
        assertThat(err()).startsWith("Usage:");
        assertThat(out()).isEmpty();
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(run(Map.of(), "worker", "extra")).isEqualTo(2);
    }

    @Test
    void aConfigurationErrorNamesEveryMissingVariableWithExitCode2() {
        assertThat(run(Map.of("KATANA_ADMIN_TOKEN", "secret-token-that-is-long-enough"), "api")).isEqualTo(2);
        assertThat(err())
                .contains("KATANA_MYSQL_USER is not set")
                .contains("KATANA_MYSQL_PASSWORD is not set")
                .contains("KATANA_GIT_ADMIN_PASSWORD is not set")
                .doesNotContain("KATANA_ADMIN_TOKEN")
                .doesNotContain("secret-token");
    }

    @Test
    void aWorkerWithoutKubeconfigOutsideAPodStopsNamingTheVariable() {
        Map<String, String> env = Map.of("KATANA_ADMIN_TOKEN", "secret-token-that-is-long-enough",
                "KATANA_MYSQL_USER", "katana_admin", "KATANA_MYSQL_PASSWORD", "mysql-pw",
                "KATANA_GIT_ADMIN_PASSWORD", "gitadmin-pw", "KATANA_INFRASET", "external");
        assertThat(run(env, "worker")).isEqualTo(2);
        assertThat(err()).contains("KATANA_KUBECONFIG is not set and this process is not in a Kubernetes pod")
                .doesNotContain("secret-token").doesNotContain("mysql-pw");
    }
}
