package io.katana.api;

import io.katana.api.challenges.ChallengeCatalog;
import io.katana.api.patches.Patches;
import io.katana.api.teams.TeamCredentials;
import io.katana.api.teams.TeamDirectory;
import java.net.URI;
import java.util.Objects;

/**
 * What the admin API reads and starts, besides Temporal.
 *
 * @param taskQueue where the API starts workflows
 * @param gitUrl the git server as teams reach it, shown with their credentials
 * @param temporalUi the Temporal Web UI's base URL, for links to a job's workflow
 * @param defaultBranch the branch whose pushes are patches
 * @param maxWebhookBytes the largest webhook payload taken
 */
public record AdminServices(
        String taskQueue,
        String temporalNamespace,
        URI temporalUi,
        URI gitUrl,
        int teamConcurrency,
        TeamDirectory teams,
        TeamCredentials credentials,
        ChallengeCatalog challenges,
        Patches patches,
        String defaultBranch,
        long maxWebhookBytes) {

    public AdminServices {
        Objects.requireNonNull(taskQueue, "taskQueue");
        Objects.requireNonNull(temporalNamespace, "temporalNamespace");
        Objects.requireNonNull(temporalUi, "temporalUi");
        Objects.requireNonNull(gitUrl, "gitUrl");
        Objects.requireNonNull(teams, "teams");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(challenges, "challenges");
        Objects.requireNonNull(patches, "patches");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        if (maxWebhookBytes < 1) {
            throw new IllegalArgumentException("maxWebhookBytes must be positive");
        }
    }

    /** The UI page of one workflow. */
    public String workflowLink(String workflowId) {
        return temporalUi.toString().replaceAll("/+$", "") + "/namespaces/" + temporalNamespace + "/workflows/"
                + java.net.URLEncoder.encode(workflowId, java.nio.charset.StandardCharsets.UTF_8);
    }
}
