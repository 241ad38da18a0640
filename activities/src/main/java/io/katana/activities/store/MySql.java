package io.katana.activities.store;

import com.mysql.cj.jdbc.Driver;
import io.katana.workflows.common.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * JDBC connections to the MySQL server (MariaDB in the test bed). The password travels in the
 * properties, never in the URL, so it cannot show up in a driver error that echoes the URL.
 */
public final class MySql {

    private MySql() {
    }

    public static Connection connect(String jdbcUrl, String user, Secret password, Duration timeout)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password.reveal());
        String millis = Long.toString(timeout.toMillis());
        properties.setProperty("connectTimeout", millis);
        properties.setProperty("socketTimeout", millis);
        // The driver is called directly: no dependency on DriverManager's service lookup in a fat jar.
        Connection connection = new Driver().connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("not a MySQL JDBC URL (expected jdbc:mysql://host:port/)");
        }
        return connection;
    }
}
