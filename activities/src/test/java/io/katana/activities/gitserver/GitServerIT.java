package io.katana.activities.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.activities.ItPlatform;
import io.katana.workflows.common.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test bed's Gitea, as the git server Katana drives: installed through its web installer by
 * the init steps when it still waits for it, then an admin login and a version call.
 */
class GitServerIT {

    private static ItPlatform platform;
    private static GitServerClient git;
    private static GitCredentials admin;

    @BeforeAll
    static void installWhenNeeded() {
        platform = new ItPlatform();
        platform.initialise();
        git = platform.git;
        admin = platform.gitAdmin;
    }

    @AfterAll
    static void close() {
        platform.close();
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

    @Test
    void usersAreCreatedOnceAndTheirPasswordCanBeSet() throws Exception {
        Secret token = platform.adminToken.get();
        String user = "it-user-" + (System.nanoTime() % 100000);
        Secret password = Secret.of("first-password-123");

        assertThat(git.createUser(token, user, user + "@it.local", password)).isTrue();
        assertThat(git.createUser(token, user, user + "@it.local", Secret.of("other-password-123"))).isFalse();
        assertThat(git.accepts(new GitCredentials(user, password))).isTrue();
        assertThat(git.accepts(new GitCredentials(user, Secret.of("other-password-123")))).isFalse();

        git.setPassword(token, user, user + "@it.local", Secret.of("other-password-123"));
        assertThat(git.accepts(new GitCredentials(user, Secret.of("other-password-123")))).isTrue();
        assertThat(git.userExists(token, user)).isTrue();
        assertThat(git.userExists(token, "it-nobody-here")).isFalse();
    }
}
