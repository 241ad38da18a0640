package io.katana.workflows.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class TeamNamesTest {

    @Test
    void aCountGivesKatanasNames() {
        assertThat(TeamNames.generated(3)).containsExactly("team-0", "team-1", "team-2");
        assertThat(CreateTeamsRequest.ofCount(2).teams()).containsExactly("team-0", "team-1");
    }

    @Test
    void namesMustBeShortDnsLabels() {
        assertThat(TeamNames.validate("blue-team-7")).isEqualTo("blue-team-7");
        assertThatIllegalArgumentException().isThrownBy(() -> TeamNames.validate("Blue"))
                .withMessageContaining("team name 'Blue' must be lower-case letters, digits and '-'");
        assertThatIllegalArgumentException().isThrownBy(() -> TeamNames.validate("team_1"))
                .withMessageContaining("'team_1'");
        assertThatIllegalArgumentException().isThrownBy(() -> TeamNames.validate("-team"))
                .withMessageContaining("starting and ending with a letter or digit");
        assertThatIllegalArgumentException().isThrownBy(() -> TeamNames.validate("api"))
                .withMessage("team name 'api' is reserved by the git server");
        assertThatIllegalArgumentException().isThrownBy(() -> TeamNames.validate("a".repeat(31)))
                .withMessageContaining("is 31 characters long: at most 30");
    }

    @Test
    void aRequestTakesACountOrNamesButNotBoth() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CreateTeamsRequest(2, List.of("a"), null))
                .withMessage("give either count or names (not both, not neither)");
        assertThatIllegalArgumentException().isThrownBy(() -> new CreateTeamsRequest(null, List.of(), null))
                .withMessage("give either count or names (not both, not neither)");
        assertThatIllegalArgumentException().isThrownBy(() -> CreateTeamsRequest.ofCount(0))
                .withMessage("count must be between 1 and 500, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> CreateTeamsRequest.ofNames(List.of("a", "b", "a")))
                .withMessage("team name 'a' appears twice in names");
        assertThatIllegalArgumentException().isThrownBy(() -> new CreateTeamsRequest(3, null, 0))
                .withMessageStartingWith("concurrency must be between 1 and 50");
    }
}
