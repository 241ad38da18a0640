package io.katana.api.metrics;

import io.katana.api.challenges.ChallengeCatalog;
import io.katana.api.teams.TeamDirectory;
import io.katana.workflows.team.TeamRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's state as gauges, read from MongoDB when metrics are scraped:
 * {@code katana_teams{state}} and {@code katana_challenge_copies{challenge,state}} (a broadcast's
 * progress is its copies leaving {@code PENDING}/{@code BROADCASTING} for {@code READY} or
 * {@code FAILED}). A state no longer seen reads 0, so a graph drops instead of freezing.
 */
public final class PlatformGauges {

    private static final Logger log = LoggerFactory.getLogger(PlatformGauges.class);

    private final MeterRegistry registry;
    private final TeamDirectory teams;
    private final ChallengeCatalog challenges;
    private final Map<Tags, AtomicLong> teamGauges = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicLong> copyGauges = new ConcurrentHashMap<>();

    public PlatformGauges(MeterRegistry registry, TeamDirectory teams, ChallengeCatalog challenges) {
        this.registry = registry;
        this.teams = teams;
        this.challenges = challenges;
    }

    /** Reads the counts again; when the store does not answer, the last ones stay. */
    public synchronized void refresh() {
        Map<Tags, Long> teamCounts = new HashMap<>();
        Map<Tags, Long> copyCounts = new HashMap<>();
        try {
            for (TeamRecord team : teams.list()) {
                teamCounts.merge(Tags.of("state", String.valueOf(team.state())), 1L, Long::sum);
            }
            for (Map<String, Object> challenge : challenges.list()) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> copies = (List<Map<String, Object>>) challenge.get("teams");
                for (Map<String, Object> copy : copies) {
                    copyCounts.merge(Tags.of("challenge", String.valueOf(challenge.get("name")), "state",
                            String.valueOf(copy.get("state"))), 1L, Long::sum);
                }
            }
        } catch (RuntimeException e) {
            log.warn("platform gauges not refreshed: {}", e.toString());
            return;
        }
        set("katana.teams", "Teams, by state", teamGauges, teamCounts);
        set("katana.challenge.copies", "Teams' copies of each challenge, by state", copyGauges, copyCounts);
    }

    private void set(String name, String description, Map<Tags, AtomicLong> gauges, Map<Tags, Long> counts) {
        gauges.forEach((tags, value) -> value.set(counts.getOrDefault(tags, 0L)));
        counts.forEach((tags, count) -> gauges.computeIfAbsent(tags, t -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tags(t).register(registry);
            return value;
        }).set(count));
    }
}
