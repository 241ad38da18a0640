package io.katana.worker.health;

import com.mongodb.client.MongoClient;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import org.bson.Document;

/** The server answers {@code ping} on Katana's database. */
final class MongoHealthCheck implements HealthCheck {

    private final MongoClient client;
    private final String database;

    MongoHealthCheck(MongoClient client, String database) {
        this.client = client;
        this.database = database;
    }

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public HealthStatus check() {
        var db = client.getDatabase(database);
        db.runCommand(new Document("ping", 1));
        Object version = db.runCommand(new Document("buildInfo", 1)).get("version");
        return HealthStatus.up("ping ok, server " + (version == null ? "(version not reported)" : version)
                + ", database " + database);
    }
}
