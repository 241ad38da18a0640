package io.katana.workflows.init;

import java.util.List;

/** Katana's own admin account in MongoDB and the indexes its queries need. */
public record MongoSetup(String database, String adminUser, boolean adminCreated, List<String> indexes) {

    public MongoSetup {
        indexes = List.copyOf(indexes);
    }
}
