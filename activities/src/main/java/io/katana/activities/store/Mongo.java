package io.katana.activities.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.katana.workflows.common.Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** MongoDB clients with bounded waits: the driver's defaults wait 30 s for an absent server. */
public final class Mongo {

    private Mongo() {
    }

    /** A client that connects in the background; the first operation waits at most {@code timeout}. */
    public static MongoClient connect(Secret uri, Duration timeout) {
        return MongoClients.create(settings(uri, timeout));
    }

    static MongoClientSettings settings(Secret uri, Duration timeout) {
        long millis = timeout.toMillis();
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri.reveal()))
                .applicationName("katana")
                .applyToClusterSettings(c -> c.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s
                        .connectTimeout(Math.toIntExact(millis), TimeUnit.MILLISECONDS)
                        .readTimeout(Math.toIntExact(millis), TimeUnit.MILLISECONDS))
                .build();
    }

    /** The user name inside a connection string, if it has one. */
    public static Optional<String> user(Secret uri) {
        return Optional.ofNullable(new ConnectionString(uri.reveal()).getUsername());
    }

    /** The password inside a connection string, so that callers can redact it from messages. */
    public static Optional<Secret> password(Secret uri) {
        char[] password = new ConnectionString(uri.reveal()).getPassword();
        return password == null || password.length == 0
                ? Optional.empty()
                : Optional.of(Secret.of(new String(password)));
    }
}
