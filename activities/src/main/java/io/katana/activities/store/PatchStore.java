package io.katana.activities.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.katana.workflows.patch.PatchRequest;
import io.katana.workflows.patch.PatchResult;
import io.katana.workflows.patch.PatchStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One document per patch ({@code _id} = its workflow id): commit, message, pusher, each stage's
 * times as it happens, digest, status, error. The copy's document ({@link CopyStore}) keeps the
 * counter that orders a copy's patches and the commit last handled.
 */
public final class PatchStore {

    public static final String PATCHES = "patches";
    private static final List<String> IN_FLIGHT = Arrays.stream(PatchStatus.values())
            .filter(status -> !status.isFinal()).map(Enum::name).toList();

    private final MongoCollection<Document> patches;
    private final MongoCollection<Document> copies;

    public PatchStore(MongoDatabase db) {
        this.patches = db.getCollection(PATCHES);
        this.copies = db.getCollection(CopyStore.COPIES);
    }

    /**
     * The patch document, created once: a retried open finds it and its sequence. The copy's
     * {@code lastCommit} becomes this commit (what the reconciliation compares the repo head with).
     */
    public Document open(String patchId, PatchRequest request) {
        Document existing = patches.find(Filters.eq("_id", patchId)).first();
        if (existing != null) {
            return existing;
        }
        // A rollback is ordered like a push, but handles no push: the repo head stays what it was.
        Bson handled = request.rollsBack() ? Updates.inc("patchSequence", 1L)
                : Updates.combine(Updates.inc("patchSequence", 1L), Updates.set("lastCommit", request.commit()));
        Document copy = copies.findOneAndUpdate(Filters.eq("_id", CopyStore.id(request.team(), request.challenge())),
                handled,
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long sequence = ((Number) copy.get("patchSequence")).longValue();
        Date now = now();
        patches.updateOne(Filters.eq("_id", patchId), Updates.combine(
                Updates.setOnInsert("team", request.team()), Updates.setOnInsert("challenge", request.challenge()),
                Updates.setOnInsert("commit", request.commit()), Updates.setOnInsert("message", request.message()),
                Updates.setOnInsert("pusher", request.pusher()),
                Updates.setOnInsert("trigger", request.trigger().name()),
                Updates.setOnInsert("sequence", sequence), Updates.setOnInsert("receivedAt", now),
                Updates.setOnInsert("status", PatchStatus.RECEIVED.name()), Updates.setOnInsert("stages", List.of()),
                Updates.setOnInsert("digest", request.image())),
                new UpdateOptions().upsert(true));
        return patches.find(Filters.eq("_id", patchId)).first();
    }

    /** A stage starts: the patch's status, and the stage with its start time (a retry starts it again). */
    public void stageStarted(String patchId, String stage, PatchStatus status) {
        Date now = now();
        editStages(patchId, stages -> {
            stages.removeIf(entry -> stage.equals(entry.getString("name")));
            stages.add(new Document("name", stage).append("startedAt", now));
        }, patch -> IN_FLIGHT.contains(patch.getString("status")) ? Updates.set("status", status.name()) : null);
    }

    /** A stage ended, with how long it took, and its error when it failed. */
    public void stageEnded(String patchId, String stage, long millis, String error) {
        Date now = now();
        editStages(patchId, stages -> stages.stream().filter(entry -> stage.equals(entry.getString("name")))
                .forEach(entry -> {
                    entry.put("endedAt", now);
                    entry.put("millis", millis);
                    if (error != null) {
                        entry.put("error", error);
                    }
                }), patch -> null);
    }

    /**
     * Rewrites the stage list whole: FerretDB (the test bed's MongoDB) has neither the positional
     * {@code $} update nor {@code $pull} by condition. A patch's stages run one after another, so
     * nothing writes the list concurrently.
     */
    private void editStages(String patchId, java.util.function.Consumer<List<Document>> edit,
            java.util.function.Function<Document, Bson> more) {
        Document patch = patches.find(Filters.eq("_id", patchId)).first();
        if (patch == null) {
            throw new IllegalStateException("no patch " + patchId);
        }
        List<Document> stages = new ArrayList<>(patch.getList("stages", Document.class, List.of()));
        edit.accept(stages);
        Bson extra = more.apply(patch);
        patches.updateOne(Filters.eq("_id", patchId), extra == null ? Updates.set("stages", stages)
                : Updates.combine(Updates.set("stages", stages), extra));
    }

    /** The image the patch built, as soon as it is pushed. */
    public void built(String patchId, String image) {
        patches.updateOne(Filters.eq("_id", patchId), Updates.set("digest", image));
    }

    /** The patch's end; when LIVE, the copy's live image and commit, unless a newer patch is live already. */
    /** @return the patch's time from the webhook's arrival to now */
    public long finish(String patchId, PatchResult result, String commit) {
        Document patch = patches.find(Filters.eq("_id", patchId)).first();
        if (patch == null) {
            throw new IllegalStateException("no patch " + patchId);
        }
        Date now = now();
        long totalMillis = now.getTime() - patch.getDate("receivedAt").getTime();
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", result.status().name()),
                Updates.set("endedAt", now), Updates.set("totalMillis", totalMillis)));
        updates.add(result.reason() == null ? Updates.unset("error") : Updates.set("error", result.reason()));
        if (result.status() == PatchStatus.LIVE) {
            updates.add(Updates.set("digest", result.image()));
        }
        patches.updateOne(Filters.eq("_id", patchId), Updates.combine(updates));
        if (result.status() == PatchStatus.LIVE) {
            long sequence = patch.getLong("sequence");
            String copy = CopyStore.id(patch.getString("team"), patch.getString("challenge"));
            copies.updateOne(Filters.and(Filters.eq("_id", copy), Filters.or(Filters.exists("liveSequence", false),
                    Filters.lte("liveSequence", sequence))), Updates.combine(Updates.set("image", result.image()),
                    Updates.set("commit", commit), Updates.set("liveSequence", sequence),
                    Updates.set("livePatch", patchId), Updates.set("updatedAt", now)));
        }
        return totalMillis;
    }

    /** Patches of the copy still in flight with a lower sequence: the ones a newer patch supersedes. */
    public List<String> olderInFlight(String team, String challenge, long sequence) {
        List<String> ids = new ArrayList<>();
        patches.find(Filters.and(Filters.eq("team", team), Filters.eq("challenge", challenge),
                Filters.lt("sequence", sequence), Filters.in("status", IN_FLIGHT)))
                .forEach(patch -> ids.add(patch.getString("_id")));
        return ids;
    }

    public Optional<Document> find(String patchId) {
        return Optional.ofNullable(patches.find(Filters.eq("_id", patchId)).first());
    }

    /** Newest first; either filter may be null. */
    public List<Document> list(String team, String challenge, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (team != null) {
            filters.add(Filters.eq("team", team));
        }
        if (challenge != null) {
            filters.add(Filters.eq("challenge", challenge));
        }
        List<Document> found = new ArrayList<>();
        patches.find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.descending("receivedAt")).limit(limit).forEach(found::add);
        return found;
    }

    /** The newest patch of the copy that went LIVE with this commit or digest. */
    public Optional<Document> lastLive(String team, String challenge, String commitOrDigest) {
        return Optional.ofNullable(patches.find(Filters.and(Filters.eq("team", team),
                Filters.eq("challenge", challenge), Filters.eq("status", PatchStatus.LIVE.name()),
                Filters.or(Filters.eq("commit", commitOrDigest), Filters.eq("digest", commitOrDigest),
                        Filters.regex("digest", "@" + java.util.regex.Pattern.quote(commitOrDigest) + "$"))))
                .sort(Sorts.descending("sequence")).first());
    }

    private static Date now() {
        return Date.from(Instant.now());
    }
}
