package io.katana.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.katana.workflows.common.Secret;
import io.katana.workflows.testkit.TestBed;
import java.time.Duration;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Documents through mongodb-driver-sync on the test bed's MongoDB-wire server (FerretDB). */
class MongoIT {

    private final MongoClient client =
            Mongo.connect(Secret.of(TestBed.env("KATANA_MONGODB_URI")), Duration.ofSeconds(5));
    private final MongoDatabase database =
            client.getDatabase("katana_it_" + UUID.randomUUID().toString().substring(0, 8));

    @AfterEach
    void cleanUp() {
        database.drop();
        client.close();
    }

    @Test
    void aUniqueIndexRefusesASecondTeamOfTheSameName() {
        MongoCollection<Document> teams = database.getCollection("teams");
        teams.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));

        teams.insertOne(new Document("name", "team-0").append("state", "READY"));

        assertThatThrownBy(() -> teams.insertOne(new Document("name", "team-0").append("state", "NEW")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        assertThat(teams.countDocuments()).isEqualTo(1);
        assertThat(teams.find(new Document("name", "team-0")).first())
                .containsEntry("state", "READY");
    }
}
