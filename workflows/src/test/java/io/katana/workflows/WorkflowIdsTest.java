package io.katana.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class WorkflowIdsTest {

    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void idsFollowTheBusinessKeys() {
        assertThat(WorkflowIds.init()).isEqualTo("init");
        assertThat(WorkflowIds.teams("req-42")).isEqualTo("teams-req-42");
        assertThat(WorkflowIds.team("team-rocket")).isEqualTo("team-team-rocket");
        assertThat(WorkflowIds.challenge("web-shop", "1.0.2")).isEqualTo("challenge-web-shop.1.0.2");
        assertThat(WorkflowIds.patch("red", "web-shop", SHA1)).isEqualTo("patch-red.web-shop." + SHA1);
    }

    @Test
    void namesWithDashesCannotCollide() {
        assertThat(WorkflowIds.patch("a-b", "c", SHA1)).isNotEqualTo(WorkflowIds.patch("a", "b-c", SHA1));
    }

    @Test
    void acceptsSha256Commits() {
        String sha256 = "ab".repeat(32);
        assertThat(WorkflowIds.patch("red", "pwn", sha256)).endsWith("." + sha256);
    }

    @Test
    void rejectsNamesThatAreNotDnsLabels() {
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.team("Red"));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.team("-red"));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.team("red.blue"));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.team("x".repeat(36)));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.team(null));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.challenge("web_shop", "1"));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.challenge("web", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.teams("a b"));
    }

    @Test
    void rejectsCommitsThatAreNotFullHexIds() {
        assertThatIllegalArgumentException().isThrownBy(() -> WorkflowIds.patch("red", "pwn", "abc123"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WorkflowIds.patch("red", "pwn", SHA1.toUpperCase()));
    }
}
