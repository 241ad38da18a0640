package io.katana.activities.challenge;

import java.net.URI;
import java.util.Objects;

/**
 * What a broadcast needs from the worker's configuration.
 *
 * @param registry {@code host:port} images are pushed to (and pods pull from)
 * @param webhookUrl the base URL the git server delivers pushes to; a repo's hook is
 *     {@code <webhookUrl>/<team>/<challenge>}
 * @param gitPodUrl the git server as master pods reach it, for their clone URLs
 * @param tolerateKwok whether challenge pods may land on the test bed's simulated nodes
 */
public record ChallengeSettings(String registry, URI webhookUrl, URI gitPodUrl, String defaultBranch,
        boolean tolerateKwok, ChallengeArchive.Limits limits) {

    public ChallengeSettings {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(gitPodUrl, "gitPodUrl");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        Objects.requireNonNull(limits, "limits");
    }

    public String webhookFor(String team, String challenge) {
        return webhookUrl.toString().replaceAll("/+$", "") + "/" + team + "/" + challenge;
    }

    public String podCloneUrl(String team, String challenge) {
        return gitPodUrl.toString().replaceAll("/+$", "") + "/" + team + "/" + challenge + ".git";
    }
}
