package io.katana.worker.health;

import io.katana.activities.store.MySql;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import io.katana.workflows.common.Secret;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A login with Katana's admin account and {@code SELECT VERSION()}. */
final class MySqlHealthCheck implements HealthCheck {

    private final String url;
    private final String user;
    private final Secret password;
    private final Duration timeout;

    MySqlHealthCheck(String url, String user, Secret password, Duration timeout) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public HealthStatus check() throws SQLException {
        try (Connection connection = MySql.connect(url, user, password, timeout);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT VERSION()")) {
            result.next();
            return HealthStatus.up("server " + result.getString(1) + ", user " + user);
        }
    }
}
