package io.katana.api.dashboard;

import io.katana.workflows.common.Progress;
import java.time.Instant;
import java.util.List;

/** The team creations and broadcasts still running, with how far each is. */
public interface RunningJobs {

    /** @throws RuntimeException when they cannot be read now; the board then says why */
    List<Job> list();

    /**
     * @param kind {@code teams} or {@code challenge} (the workflow's {@code KatanaKind})
     * @param progress null while the job cannot tell (no worker answered, or it has not begun)
     * @param note why there is no progress, or null
     */
    record Job(String workflowId, String type, String kind, Instant startedAt, Progress progress, String note) {
    }
}
