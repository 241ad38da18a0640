package io.katana.activities.team;

import java.net.URI;
import java.util.Objects;

/**
 * What provisioning a team needs from the worker's configuration.
 *
 * @param adminNamespace Katana's own namespace: its pods may reach the teams' challenges
 * @param masterImage the master pod image ({@code deploy/master/})
 * @param gitPodUrl the git server's base URL as pods reach it
 * @param gitAdminUser the git server's admin: no team may take its name (its password would be reset)
 */
public record TeamSettings(String adminNamespace, String masterImage, URI gitPodUrl, String gitAdminUser) {

    public TeamSettings {
        Objects.requireNonNull(adminNamespace, "adminNamespace");
        Objects.requireNonNull(masterImage, "masterImage");
        Objects.requireNonNull(gitPodUrl, "gitPodUrl");
        Objects.requireNonNull(gitAdminUser, "gitAdminUser");
    }

    /** The git server's address a team's email is made from: Gogs and Gitea want a unique email. */
    public static String email(String team) {
        return team + "@teams.katana.local";
    }
}
