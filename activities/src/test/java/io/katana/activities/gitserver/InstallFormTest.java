package io.katana.activities.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.workflows.common.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstallFormTest {

    // The shape of Gitea 1.27's install.tmpl (Gogs' is the same for these inputs).
    private static final String PAGE = """
            <form class="ui form" action="/" method="post">
              <input id="db_host" name="db_host" value="127.0.0.1:3306">
              <input id="db_passwd" name="db_passwd" type="password" value="">
              <input id="repo_root_path" name="repo_root_path" value="/srv/git/repos" required>
              <input id="lfs_root_path" name="lfs_root_path" value="/srv/git/data/lfs">
              <input id="run_user" name="run_user" value="katana-git" readonly>
              <input id="domain" name="domain" value="198.18.255.1" placeholder="e.g. try.gitea.io" required>
              <input id="http_port" name="http_port" value="3000" required>
              <input id="app_url" name="app_url" value="http://198.18.255.1:3000/" required>
              <input id="log_root_path" name="log_root_path" value="/srv/git/log" required>
              <input name="enable_update_checker" type="checkbox" checked>
              <input id="app_name" name="app_name" value="Gitea &amp; friends" required>
            </form>
            """;

    private static final InstallSettings SETTINGS = new InstallSettings("127.0.0.1:3306", "gitea", "gitea",
            Secret.of("db-pass-123"), "Katana git", new GitCredentials("katana", Secret.of("admin-pass-123")),
            "katana@katana.local", "main");

    @Test
    void readsTheServersProposalsButNotItsCheckboxes() {
        Map<String, String> proposals = InstallForm.proposals(PAGE);

        assertThat(proposals)
                .containsEntry("repo_root_path", "/srv/git/repos")
                .containsEntry("run_user", "katana-git")
                .containsEntry("app_name", "Gitea & friends")
                .doesNotContainKey("enable_update_checker");
    }

    @Test
    void giteaFormKeepsTheServersPathsAndSetsKatanasDatabaseAndAdmin() {
        Map<String, String> form = InstallForm.fields(GitFlavor.GITEA, InstallForm.proposals(PAGE), SETTINGS);

        assertThat(form)
                .containsEntry("db_type", "mysql")
                .containsEntry("db_passwd", "db-pass-123")
                .containsEntry("repo_root_path", "/srv/git/repos")
                .containsEntry("run_user", "katana-git")
                .containsEntry("app_url", "http://198.18.255.1:3000/")
                .containsEntry("app_name", "Katana git")
                .containsEntry("ssh_port", "0")
                .containsEntry("admin_name", "katana")
                .containsEntry("admin_confirm_passwd", "admin-pass-123")
                .doesNotContainKeys("default_branch", "enable_update_checker");
    }

    @Test
    void gogsFormUsesItsDisplayNameForMysqlAndSetsTheDefaultBranch() {
        Map<String, String> form = InstallForm.fields(GitFlavor.GOGS, InstallForm.proposals(PAGE), SETTINGS);

        assertThat(form).containsEntry("db_type", "MySQL").containsEntry("default_branch", "main");
    }

    @Test
    void aPageWithoutTheServersPathsIsNotAnInstaller() {
        assertThatThrownBy(() -> InstallForm.fields(GitFlavor.GITEA, Map.of("domain", "x"), SETTINGS))
                .isInstanceOf(GitServerException.class)
                .hasMessageContaining("repo_root_path");
    }

    @Test
    void readsTheRefusalOfGiteaAndOfGogs() {
        String gitea = "<div class=\"ui negative message flash-message flash-error\">"
                + "<div class=\"tw-text-center\">Database settings are invalid: Error 1045: Access denied</div></div>";
        String gogs = "<div class=\"ui negative message\">\n  <p>Admin account setting is invalid: name is reserved</p>\n</div>";

        assertThat(InstallForm.error(gitea)).contains("Database settings are invalid: Error 1045: Access denied");
        assertThat(InstallForm.error(gogs)).contains("Admin account setting is invalid: name is reserved");
        assertThat(InstallForm.error(PAGE)).isEmpty();
    }

    @Test
    void settingsRefuseTheReservedAdminNameAndShortPasswords() {
        assertThatThrownBy(() -> new InstallSettings("h:1", "d", "u", Secret.of("p"), "a",
                new GitCredentials("admin", Secret.of("long-enough")), "a@b", "main"))
                .hasMessageContaining("'admin'");
        assertThatThrownBy(() -> new InstallSettings("h:1", "d", "u", Secret.of("p"), "a",
                new GitCredentials("katana", Secret.of("short")), "a@b", "main"))
                .hasMessageContaining("at least 8");
    }
}
