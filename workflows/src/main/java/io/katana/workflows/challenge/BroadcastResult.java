package io.katana.workflows.challenge;

import io.katana.workflows.team.TeamFailure;
import java.util.List;

/** What a broadcast did: the image built once, each team's copy, and the teams that failed with why. */
public record BroadcastResult(String challenge, String version, BuiltImage image, List<TeamCopy> ready,
        List<TeamFailure> failed) {

    public BroadcastResult {
        ready = List.copyOf(ready);
        failed = List.copyOf(failed);
    }
}
