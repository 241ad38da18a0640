package io.katana.activities.team;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TeamActivitiesImplTest {

    @Test
    void aTeamNamedLikeTheGitAdminIsRefusedBeforeAnyCall() {
        // No clients at all: the refusal must come before the first outside call.
        TeamActivitiesImpl activities = new TeamActivitiesImpl(null, null, null, null,
                new TeamSettings("katana", "registry/master:1", URI.create("http://198.18.255.1:3000"), "katana"));

        assertThatThrownBy(() -> activities.ensureGitAccount("katana"))
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    org.assertj.core.api.Assertions.assertThat(failure.isNonRetryable()).isTrue();
                    org.assertj.core.api.Assertions.assertThat(failure.getOriginalMessage())
                            .isEqualTo("team name 'katana' is the git server admin's user name: choose another team name");
                });
    }
}
