package io.katana.api.patches;

import io.katana.workflows.common.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the webhook and the patch routes read: the copies' webhook secrets and the patch records. */
public interface Patches {

    /** The secret the copy's webhook is signed with; empty for a repo Katana does not know. */
    Optional<Secret> webhookSecret(String team, String challenge);

    /** Patch records, newest first; either filter may be null. */
    List<Map<String, Object>> list(String team, String challenge, int limit);

    Optional<Map<String, Object>> find(String patchId);

    /**
     * A version of the copy that was live before: the newest LIVE patch with this commit or digest,
     * or the version the broadcast gave it.
     *
     * @return its {@code commit} and {@code image} ({@code repository@sha256:...})
     */
    Optional<LiveVersion> liveBefore(String team, String challenge, String commitOrDigest);

    record LiveVersion(String commit, String image) {
    }
}
