package io.katana.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import io.katana.workflows.common.Secret;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MongoTest {

    @Test
    void boundsEveryWait() {
        MongoClientSettings settings =
                Mongo.settings(Secret.of("mongodb://127.0.0.1:27017"), Duration.ofMillis(1500));

        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(1500);
        assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(settings.getApplicationName()).isEqualTo("katana");
    }

    @Test
    void findsThePasswordToRedact() {
        assertThat(Mongo.password(Secret.of("mongodb://admin:p%40ss@127.0.0.1:27017/?authSource=admin")))
                .hasValueSatisfying(password -> assertThat(password.reveal()).isEqualTo("p@ss"));
        assertThat(Mongo.password(Secret.of("mongodb://127.0.0.1:27017"))).isEmpty();
    }
}
