package io.katana.activities.team;

import io.katana.activities.common.ActivityErrors;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.TeamObjects;
import io.katana.workflows.common.Secret;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;

/** A provisioned team's git login, read from its namespace's {@code team-credentials} Secret. */
public final class TeamAccounts {

    private TeamAccounts() {
    }

    /** The login; a team without one is not provisioned, which retrying does not change. */
    public static GitCredentials git(KubeObjects kube, String team) {
        Map<String, String> values = kube.secretValues(TeamObjects.namespace(team), TeamObjects.CREDENTIALS_SECRET)
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("team " + team + " has no git credentials"
                        + " (is it provisioned?)", ActivityErrors.NOT_INITIALISED));
        return new GitCredentials(values.get("username"), Secret.of(values.get("password")));
    }
}
