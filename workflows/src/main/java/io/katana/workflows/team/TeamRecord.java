package io.katana.workflows.team;

import java.time.Instant;

/**
 * A team as MongoDB holds it: never a password. {@code error} is set only while FAILED;
 * {@code readyAt} is when it first became ready.
 */
public record TeamRecord(
        String name,
        TeamState state,
        String namespace,
        String gitUser,
        String masterPod,
        String error,
        Instant createdAt,
        Instant readyAt) {
}
