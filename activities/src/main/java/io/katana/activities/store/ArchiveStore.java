package io.katana.activities.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Uploaded challenge packages, content-addressed by their sha-256, in MongoDB chunks of 1 MiB
 * (plain documents and a unique id: what FerretDB serves as MongoDB does). Storing the same
 * archive twice stores it once.
 */
public final class ArchiveStore {

    public static final String ARCHIVES = "archives";
    static final int CHUNK = 1 << 20;

    private final MongoCollection<Document> chunks;

    public ArchiveStore(MongoDatabase db) {
        this.chunks = db.getCollection(ARCHIVES);
    }

    public void put(String sha256, byte[] archive) {
        int count = Math.max(1, (archive.length + CHUNK - 1) / CHUNK);
        for (int i = 0; i < count; i++) {
            byte[] part = Arrays.copyOfRange(archive, i * CHUNK, Math.min(archive.length, (i + 1) * CHUNK));
            try {
                chunks.insertOne(new Document("_id", sha256 + ":" + i).append("sha256", sha256).append("n", i)
                        .append("of", count).append("data", new Binary(part)));
            } catch (MongoWriteException e) {
                // The same content under the same address: already stored.
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    /** The archive, or empty when it is not (completely) stored. */
    public Optional<byte[]> get(String sha256) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int expected = -1;
        int seen = 0;
        for (Document chunk : chunks.find(Filters.eq("sha256", sha256)).sort(Sorts.ascending("n"))) {
            if (chunk.getInteger("n") != seen) {
                return Optional.empty();
            }
            expected = chunk.getInteger("of");
            out.writeBytes(chunk.get("data", Binary.class).getData());
            seen++;
        }
        return seen > 0 && seen == expected ? Optional.of(out.toByteArray()) : Optional.empty();
    }
}
