package io.katana.activities.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.katana.workflows.team.TeamRecord;
import io.katana.workflows.team.TeamResult;
import io.katana.workflows.team.TeamState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Katana's records in MongoDB. Only finds, upserts, unique indexes and single-document atomic
 * updates (ARCHITECTURE.md, "Data"), so the test bed's FerretDB serves it as a MongoDB would.
 */
public final class KatanaStore {

    public static final String TEAMS = "teams";
    public static final String ADMINS = "admins";
    public static final String PLATFORM = "platform";
    public static final String CHALLENGES = "challenges";
    public static final String PATCHES = "patches";

    private final MongoDatabase db;

    public KatanaStore(MongoDatabase db) {
        this.db = db;
    }

    public String databaseName() {
        return db.getName();
    }

    /** The indexes Katana's queries need; creating an existing one changes nothing. */
    public List<String> ensureIndexes() {
        List<String> names = new ArrayList<>();
        // A patch's _id is its workflow id, one per push; a rollback to a commit is a second
        // record of that commit, so the first sketch's unique (team, challenge, commit) is gone.
        if (collection(PATCHES).listIndexes().into(new ArrayList<>()).stream()
                .anyMatch(index -> "push_once".equals(index.getString("name")))) {
            collection(PATCHES).dropIndex("push_once");
        }
        names.add(PATCHES + "." + collection(PATCHES).createIndex(
                Indexes.ascending("team", "challenge", "commit"), new IndexOptions().name("by_commit")));
        names.add(PATCHES + "." + collection(PATCHES).createIndex(
                Indexes.compoundIndex(Indexes.ascending("team", "challenge"), Indexes.descending("sequence")),
                new IndexOptions().name("by_sequence")));
        names.add(PATCHES + "." + collection(PATCHES).createIndex(
                Indexes.compoundIndex(Indexes.ascending("team", "challenge"), Indexes.descending("receivedAt")),
                new IndexOptions().name("newest_first")));
        names.add(TEAMS + "." + collection(TEAMS).createIndex(Indexes.ascending("state"),
                new IndexOptions().name("by_state")));
        names.add(CHALLENGES + "." + collection(CHALLENGES).createIndex(Indexes.ascending("name", "version"),
                new IndexOptions().name("name_version").unique(true)));
        return names;
    }

    // ------------------------------------------------------------------ admins

    /**
     * Katana's admin account, its password kept as a bcrypt hash. Nothing changes when the stored
     * hash already matches; a changed password replaces the hash.
     *
     * @return true when the account was created now
     */
    public boolean ensureAdmin(String user, io.katana.workflows.common.Secret password) {
        Document existing = collection(ADMINS).find(Filters.eq("_id", user)).first();
        if (existing != null && PasswordHash.matches(password, existing.getString("passwordHash"))) {
            return false;
        }
        String hash = PasswordHash.hash(password);
        if (existing != null) {
            collection(ADMINS).updateOne(Filters.eq("_id", user),
                    Updates.combine(Updates.set("passwordHash", hash), Updates.set("changedAt", now())));
            return false;
        }
        try {
            collection(ADMINS).insertOne(new Document("_id", user).append("passwordHash", hash)
                    .append("createdAt", now()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Whether the password is the admin's (the hash of an unknown user never matches). */
    public boolean adminPasswordMatches(String user, io.katana.workflows.common.Secret password) {
        Document existing = collection(ADMINS).find(Filters.eq("_id", user)).first();
        return existing != null && PasswordHash.matches(password, existing.getString("passwordHash"));
    }

    // ------------------------------------------------------------------ platform

    /** The platform as initialised: the last run's summary, and when it was first initialised. */
    public void recordPlatform(Document summary) {
        Date now = now();
        Document first = collection(PLATFORM).find(Filters.eq("_id", PLATFORM)).first();
        Document record = new Document("_id", PLATFORM)
                .append("initialisedAt", first != null && first.get("initialisedAt") != null
                        ? first.get("initialisedAt") : now)
                .append("lastInitAt", now)
                .append("summary", summary);
        collection(PLATFORM).replaceOne(Filters.eq("_id", PLATFORM), record, new ReplaceOptions().upsert(true));
    }

    public Optional<Document> platform() {
        return Optional.ofNullable(collection(PLATFORM).find(Filters.eq("_id", PLATFORM)).first());
    }

    // ------------------------------------------------------------------ teams

    /** A new team as PROVISIONING; a known team keeps its state. */
    public void markProvisioning(String team) {
        collection(TEAMS).updateOne(Filters.eq("_id", team), Updates.combine(
                Updates.setOnInsert("state", TeamState.PROVISIONING.name()),
                Updates.setOnInsert("createdAt", now())), new UpdateOptions().upsert(true));
    }

    public void recordReady(TeamResult team) {
        Date now = now();
        // Only the first transition to READY sets readyAt: a re-run leaves the record as it was.
        collection(TEAMS).updateOne(Filters.and(Filters.eq("_id", team.team()), Filters.exists("readyAt", false)),
                Updates.set("readyAt", now));
        collection(TEAMS).updateOne(Filters.eq("_id", team.team()), Updates.combine(
                Updates.set("state", TeamState.READY.name()),
                Updates.set("namespace", team.namespace()),
                Updates.set("gitUser", team.gitUser()),
                Updates.set("masterPod", team.masterPod()),
                Updates.unset("error"),
                Updates.setOnInsert("createdAt", now),
                Updates.setOnInsert("readyAt", now)), new UpdateOptions().upsert(true));
    }

    public void recordFailed(String team, String reason) {
        collection(TEAMS).updateOne(Filters.eq("_id", team), Updates.combine(
                Updates.set("state", TeamState.FAILED.name()),
                Updates.set("error", reason),
                Updates.set("failedAt", now()),
                Updates.setOnInsert("createdAt", now())), new UpdateOptions().upsert(true));
    }

    public List<TeamRecord> teams() {
        List<TeamRecord> teams = new ArrayList<>();
        for (Document document : collection(TEAMS).find().sort(Sorts.ascending("_id"))) {
            teams.add(team(document));
        }
        return teams;
    }

    public Optional<TeamRecord> team(String name) {
        return Optional.ofNullable(collection(TEAMS).find(Filters.eq("_id", name)).first()).map(KatanaStore::team);
    }

    /** How many records a filter matches (tests and summaries). */
    public long count(String collectionName, Bson filter) {
        return collection(collectionName).countDocuments(filter);
    }

    private static TeamRecord team(Document document) {
        return new TeamRecord(
                document.getString("_id"),
                TeamState.valueOf(document.getString("state")),
                document.getString("namespace"),
                document.getString("gitUser"),
                document.getString("masterPod"),
                document.getString("error"),
                instant(document.getDate("createdAt")),
                instant(document.getDate("readyAt")));
    }

    private MongoCollection<Document> collection(String name) {
        return db.getCollection(name);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static Date now() {
        return Date.from(Instant.now());
    }
}
