package io.katana.activities.gitserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitFlavorTest {

    @Test
    void parsesTheConfiguredNames() {
        assertThat(GitFlavor.parse("gogs")).contains(GitFlavor.GOGS);
        assertThat(GitFlavor.parse(" Gitea ")).contains(GitFlavor.GITEA);
        assertThat(GitFlavor.parse("github")).isEmpty();
        assertThat(GitFlavor.parse(null)).isEmpty();
        assertThat(GitFlavor.GITEA.id()).isEqualTo("gitea");
    }
}
