package io.katana.workflows.challenge;

import io.katana.workflows.team.TeamNames;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Input of {@link BroadcastChallengeWorkflow}: the checked spec of an uploaded package and its
 * content address; {@code teams} null means every ready team.
 */
public record BroadcastRequest(ChallengeSpec spec, String archiveSha256, List<String> teams, Integer concurrency) {

    public static final int DEFAULT_CONCURRENCY = 5;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public BroadcastRequest {
        Objects.requireNonNull(spec, "spec");
        if (archiveSha256 == null || !SHA256.matcher(archiveSha256).matches()) {
            throw new IllegalArgumentException("archiveSha256 must be 64 lower-case hex digits");
        }
        if (teams != null) {
            teams = TeamNames.validateAll(teams);
        }
        if (concurrency != null && (concurrency < 1 || concurrency > 50)) {
            throw new IllegalArgumentException("concurrency must be between 1 and 50, was " + concurrency);
        }
    }

    /** The version in the workflow id: the start of the archive's content address. */
    public String version() {
        return archiveSha256.substring(0, 12);
    }

    public int effectiveConcurrency() {
        return concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
    }
}
