package io.katana.activities.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.katana.workflows.challenge.TeamCopy;
import io.katana.workflows.common.Secret;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * Each team's copy of each challenge ({@code _id} {@code <team>/<challenge>}): where it stands,
 * and the secret its push webhook is signed with, which only Katana holds.
 */
public final class CopyStore {

    public static final String COPIES = "copies";

    private final MongoCollection<Document> copies;

    public CopyStore(MongoDatabase db) {
        this.copies = db.getCollection(COPIES);
    }

    public static String id(String team, String challenge) {
        return team + "/" + challenge;
    }

    /** The copy's document without its webhook secret. */
    public Optional<Document> find(String team, String challenge) {
        Document copy = copies.find(Filters.eq("_id", id(team, challenge))).first();
        if (copy != null) {
            copy.remove("webhookSecret");
        }
        return Optional.ofNullable(copy);
    }

    public Optional<Secret> webhookSecret(String team, String challenge) {
        Document copy = copies.find(Filters.eq("_id", id(team, challenge))).first();
        return copy == null || copy.getString("webhookSecret") == null ? Optional.empty()
                : Optional.of(Secret.of(copy.getString("webhookSecret")));
    }

    /** Keeps the secret unless one is stored already; returns the one that is. */
    public Secret keepWebhookSecret(String team, String challenge, Secret candidate) {
        String id = id(team, challenge);
        // The document first (an upsert on the id alone), then the secret only where none is set:
        // of two racing attempts, the first one's secret stands.
        copies.updateOne(Filters.eq("_id", id), Updates.combine(Updates.setOnInsert("team", team),
                Updates.setOnInsert("challenge", challenge)), new UpdateOptions().upsert(true));
        copies.updateOne(Filters.and(Filters.eq("_id", id), Filters.exists("webhookSecret", false)),
                Updates.set("webhookSecret", candidate.reveal()));
        return webhookSecret(team, challenge).orElseThrow(() ->
                new IllegalStateException("the webhook secret of " + id + " was not stored"));
    }

    public void recordReady(String challenge, String version, TeamCopy copy) {
        copies.updateOne(Filters.eq("_id", id(copy.team(), challenge)), Updates.combine(
                Updates.set("team", copy.team()), Updates.set("challenge", challenge), Updates.set("version", version),
                Updates.set("repo", copy.repo()), Updates.set("commit", copy.commit()),
                Updates.set("webhookId", copy.webhookId()), Updates.set("image", copy.image()),
                Updates.set("broadcastImage", copy.image()), Updates.set("broadcastCommit", copy.commit()),
                Updates.set("state", "READY"), Updates.unset("error"), Updates.set("updatedAt", now())),
                new UpdateOptions().upsert(true));
    }

    public void recordFailed(String challenge, String version, String team, String reason) {
        copies.updateOne(Filters.eq("_id", id(team, challenge)), Updates.combine(
                Updates.set("team", team), Updates.set("challenge", challenge), Updates.set("version", version),
                Updates.set("state", "FAILED"), Updates.set("error", reason), Updates.set("updatedAt", now())),
                new UpdateOptions().upsert(true));
    }

    /** Every copy, by challenge then team, without the webhook secrets. */
    public java.util.List<Document> all() {
        java.util.List<Document> all = new java.util.ArrayList<>();
        for (Document copy : copies.find().sort(com.mongodb.client.model.Sorts.ascending("challenge", "team"))) {
            copy.remove("webhookSecret");
            all.add(copy);
        }
        return all;
    }

    private static Date now() {
        return Date.from(Instant.now());
    }
}
