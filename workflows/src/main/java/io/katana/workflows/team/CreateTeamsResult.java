package io.katana.workflows.team;

import java.util.List;

/** What {@link CreateTeamsWorkflow} did: the teams now ready, and the ones that failed with the reason. */
public record CreateTeamsResult(List<TeamResult> ready, List<TeamFailure> failed) {

    public CreateTeamsResult {
        ready = List.copyOf(ready);
        failed = List.copyOf(failed);
    }
}
