package io.katana.workflows.team;

import java.util.List;

/**
 * Input of {@link CreateTeamsWorkflow}: either a {@code count} (teams {@code team-0..N-1}) or a list of
 * {@code names}, never both. {@code concurrency} bounds how many teams are provisioned at once
 * (default {@link #DEFAULT_CONCURRENCY}).
 *
 * <pre>temporal workflow start --type CreateTeams --task-queue katana --workflow-id teams-ctf1 \
 *     --input '{"count": 3}'</pre>
 */
public record CreateTeamsRequest(Integer count, List<String> names, Integer concurrency) {

    public static final int DEFAULT_CONCURRENCY = 5;
    public static final int MAX_CONCURRENCY = 50;

    public CreateTeamsRequest {
        boolean hasCount = count != null;
        boolean hasNames = names != null && !names.isEmpty();
        if (hasCount == hasNames) {
            throw new IllegalArgumentException("give either count or names (not both, not neither)");
        }
        if (hasNames) {
            names = TeamNames.validateAll(names);
        } else {
            TeamNames.generated(count);
            names = null;
        }
        if (concurrency != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
            throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_CONCURRENCY
                    + ", was " + concurrency);
        }
    }

    public static CreateTeamsRequest ofCount(int count) {
        return new CreateTeamsRequest(count, null, null);
    }

    public static CreateTeamsRequest ofNames(List<String> names) {
        return new CreateTeamsRequest(null, names, null);
    }

    /** The teams this request is about, in order. */
    public List<String> teams() {
        return names != null ? names : TeamNames.generated(count);
    }

    public int effectiveConcurrency() {
        return concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
    }
}
