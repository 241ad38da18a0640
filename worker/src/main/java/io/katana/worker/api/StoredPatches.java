package io.katana.worker.api;

import io.katana.activities.store.CopyStore;
import io.katana.activities.store.PatchStore;
import io.katana.api.patches.Patches;
import io.katana.workflows.common.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/** The API's view of the patch records and the copies' webhook secrets in MongoDB. */
final class StoredPatches implements Patches {

    private final PatchStore patches;
    private final CopyStore copies;

    StoredPatches(PatchStore patches, CopyStore copies) {
        this.patches = patches;
        this.copies = copies;
    }

    @Override
    public Optional<Secret> webhookSecret(String team, String challenge) {
        return copies.webhookSecret(team, challenge);
    }

    @Override
    public List<Map<String, Object>> list(String team, String challenge, int limit) {
        return patches.list(team, challenge, limit).stream().map(StoredPatches::view).toList();
    }

    @Override
    public Optional<Map<String, Object>> find(String patchId) {
        return patches.find(patchId).map(StoredPatches::view);
    }

    @Override
    public Optional<LiveVersion> liveBefore(String team, String challenge, String commitOrDigest) {
        Optional<LiveVersion> patched = patches.lastLive(team, challenge, commitOrDigest)
                .map(patch -> new LiveVersion(patch.getString("commit"), patch.getString("digest")));
        if (patched.isPresent()) {
            return patched;
        }
        return copies.find(team, challenge).filter(copy -> copy.getString("broadcastImage") != null)
                .filter(copy -> commitOrDigest.equals(copy.getString("broadcastCommit"))
                        || copy.getString("broadcastImage").equals(commitOrDigest)
                        || copy.getString("broadcastImage").endsWith("@" + commitOrDigest))
                .map(copy -> new LiveVersion(copy.getString("broadcastCommit"), copy.getString("broadcastImage")));
    }

    private static Map<String, Object> view(Document patch) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", patch.getString("_id"));
        patch.forEach((key, value) -> {
            if (!key.equals("_id")) {
                view.put(key, value);
            }
        });
        return view;
    }
}
