package io.katana.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.api.challenges.ChallengeCatalog;
import io.katana.api.teams.TeamDirectory;
import io.katana.workflows.challenge.BroadcastRequest;
import io.katana.workflows.team.TeamRecord;
import io.katana.workflows.team.TeamState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The teams and copies gauges follow the store, and a state that is gone reads 0. */
class PlatformGaugesTest {

    private final List<TeamRecord> teams = new ArrayList<>();
    private final List<Map<String, Object>> challenges = new ArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private boolean storeDown;

    private final PlatformGauges gauges = new PlatformGauges(registry, new TeamDirectory() {
        @Override
        public List<TeamRecord> list() {
            if (storeDown) {
                throw new IllegalStateException("MongoDB does not answer");
            }
            return teams;
        }

        @Override
        public Optional<TeamRecord> find(String name) {
            return Optional.empty();
        }
    }, io.katana.api.FakeServices.challenges(challenges));

    private static TeamRecord team(String name, TeamState state) {
        return new TeamRecord(name, state, name, name, "master-0", null, Instant.EPOCH, null);
    }

    @Test
    void gaugesCountTeamsAndCopiesByStateAndDropToZero() {
        teams.addAll(List.of(team("red", TeamState.READY), team("blue", TeamState.READY),
                team("green", TeamState.PROVISIONING)));
        challenges.add(Map.of("name", "web-echo", "teams", List.of(Map.of("team", "red", "state", "READY"),
                Map.of("team", "blue", "state", "FAILED"))));

        gauges.refresh();
        assertThat(registry.scrape().lines()).contains("katana_teams{state=\"READY\"} 2.0",
                "katana_teams{state=\"PROVISIONING\"} 1.0",
                "katana_challenge_copies{challenge=\"web-echo\",state=\"READY\"} 1.0",
                "katana_challenge_copies{challenge=\"web-echo\",state=\"FAILED\"} 1.0");

        teams.set(2, team("green", TeamState.READY));
        gauges.refresh();
        assertThat(registry.scrape().lines()).contains("katana_teams{state=\"READY\"} 3.0",
                "katana_teams{state=\"PROVISIONING\"} 0.0");

        storeDown = true;
        gauges.refresh();
        assertThat(registry.scrape().lines()).as("the last counts stay while the store is down")
                .contains("katana_teams{state=\"READY\"} 3.0");
    }
}
