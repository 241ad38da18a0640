package io.katana.activities.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.activities.store.MySql;
import io.katana.activities.store.MySqlAccounts;
import io.katana.workflows.common.Secret;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test bed's Gitea, as the git server Katana drives: installed through its web installer when
 * it still waits for it (what InitWorkflow does), then an admin login and a version call.
 */
class GitServerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static GitServerClient git;
    private static GitCredentials admin;

    @BeforeAll
    static void installWhenNeeded() throws Exception {
        git = new GitServerClient(URI.create(TestBed.env("KATANA_GIT_URL")),
                GitFlavor.parse(TestBed.env("KATANA_GIT_FLAVOR")).orElseThrow(), TIMEOUT);
        admin = new GitCredentials(TestBed.env("KATANA_GIT_ADMIN_USER"),
                Secret.of(TestBed.env("KATANA_GIT_ADMIN_PASSWORD")));
        if (git.installState() == InstallState.INSTALLED) {
            return;
        }
        Secret dbPassword = Secret.of(HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
        try (Connection mysql = MySql.connect(TestBed.env("KATANA_MYSQL_URL"), TestBed.env("KATANA_MYSQL_USER"),
                Secret.of(TestBed.env("KATANA_MYSQL_PASSWORD")), TIMEOUT)) {
            MySqlAccounts.ensureDatabaseAndUser(mysql, "gitea", "gitea", dbPassword);
        }
        assertThat(git.install(new InstallSettings("127.0.0.1:3306", "gitea", "gitea", dbPassword,
                "Katana git", admin, admin.user() + "@katana.local", "main"))).isTrue();
    }

    @Test
    void theAdminLogsInAndReadsTheVersion() throws Exception {
        assertThat(git.installState()).isEqualTo(InstallState.INSTALLED);

        Secret token = git.createToken(admin, "katana-it-" + System.nanoTime());
        GitUser user = git.currentUser(token);

        assertThat(user.login()).isEqualTo(admin.user());
        assertThat(user.admin()).isTrue();
        assertThat(git.version(token)).isEqualTo("1.27.3");
    }

    @Test
    void installingAgainChangesNothing() throws Exception {
        assertThat(git.install(new InstallSettings("127.0.0.1:3306", "gitea", "gitea", Secret.of("unused-password"),
                "Katana git", admin, admin.user() + "@katana.local", "main"))).isFalse();
    }

    @Test
    void aWrongPasswordIsRefusedByName() {
        GitCredentials wrong = new GitCredentials(admin.user(), Secret.of("not-the-password"));

        assertThatThrownBy(() -> git.createToken(wrong, "katana-it-wrong"))
                .isInstanceOf(GitServerException.class)
                .hasMessageContaining("refused the credentials of '" + admin.user() + "'")
                .hasMessageNotContaining("not-the-password");
    }
}
