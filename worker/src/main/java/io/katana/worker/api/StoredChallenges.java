package io.katana.worker.api;

import io.katana.activities.challenge.ChallengeArchive;
import io.katana.activities.challenge.ChallengePackage;
import io.katana.activities.challenge.ChallengePackageException;
import io.katana.activities.store.ArchiveStore;
import io.katana.activities.store.CopyStore;
import io.katana.api.challenges.ChallengeCatalog;
import io.katana.workflows.challenge.BroadcastRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/** The API's challenge catalog over the package checks and MongoDB's archives and copies. */
final class StoredChallenges implements ChallengeCatalog {

    private final ArchiveStore archives;
    private final CopyStore copies;
    private final ChallengeArchive.Limits limits;

    StoredChallenges(ArchiveStore archives, CopyStore copies, ChallengeArchive.Limits limits) {
        this.archives = archives;
        this.copies = copies;
        this.limits = limits;
    }

    @Override
    public long maxArchiveBytes() {
        return limits.maxArchiveBytes();
    }

    @Override
    public BroadcastRequest accept(byte[] archive) {
        ChallengePackage checked;
        try {
            checked = ChallengeArchive.read(archive, limits);
        } catch (ChallengePackageException e) {
            throw new Refused(e.getMessage());
        }
        archives.put(checked.sha256(), archive);
        return new BroadcastRequest(checked.spec(), checked.sha256(), null, null);
    }

    @Override
    public List<Map<String, Object>> list() {
        Map<String, Map<String, Object>> challenges = new LinkedHashMap<>();
        for (Document copy : copies.all()) {
            String name = copy.getString("challenge");
            Map<String, Object> challenge = challenges.computeIfAbsent(name, n -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", n);
                entry.put("teams", new ArrayList<Map<String, Object>>());
                return entry;
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> teams = (List<Map<String, Object>>) challenge.get("teams");
            Map<String, Object> team = new LinkedHashMap<>(copy);
            team.remove("_id");
            teams.add(team);
        }
        return new ArrayList<>(challenges.values());
    }

    @Override
    public Optional<Map<String, Object>> find(String name) {
        return list().stream().filter(c -> c.get("name").equals(name)).findFirst();
    }
}
