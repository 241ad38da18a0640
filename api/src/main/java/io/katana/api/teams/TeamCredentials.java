package io.katana.api.teams;

import io.katana.workflows.common.Secret;
import java.util.Optional;

/** A team's logins, read where they are kept (its namespace's Secrets), for the organiser to hand out. */
public interface TeamCredentials {

    Optional<Credentials> read(String team);

    /** The git server login and the private ssh key of the team's master pod. */
    record Credentials(String gitUser, Secret gitPassword, Secret sshPrivateKey) {
    }
}
