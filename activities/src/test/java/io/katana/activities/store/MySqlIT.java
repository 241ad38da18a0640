package io.katana.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.workflows.common.Secret;
import io.katana.workflows.testkit.TestBed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A database and a least-privileged user through mysql-connector-j on the test bed's MariaDB. */
class MySqlIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String database = "it_db_" + suffix;
    private final String other = "it_other_" + suffix;
    private final String user = "it_user_" + suffix;
    private final Secret password = Secret.of("pw-" + UUID.randomUUID());
    private Connection admin;

    @BeforeEach
    void connect() throws SQLException {
        admin = MySql.connect(url(), TestBed.env("KATANA_MYSQL_USER"),
                Secret.of(TestBed.env("KATANA_MYSQL_PASSWORD")), TIMEOUT);
    }

    @AfterEach
    void cleanUp() throws SQLException {
        MySqlAccounts.dropDatabaseAndUser(admin, database, user);
        try (Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS `" + other + "`");
        }
        admin.close();
    }

    @Test
    void theUserWorksInItsDatabaseAndIsRefusedOutsideIt() throws SQLException {
        MySqlAccounts.ensureDatabaseAndUser(admin, database, user, password);
        // Twice: the second run changes nothing and does not fail.
        MySqlAccounts.ensureDatabaseAndUser(admin, database, user, password);
        try (Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE `" + other + "`");
            sql.execute("CREATE TABLE `" + other + "`.secrets (v INT)");
        }

        try (Connection own = MySql.connect(url() + database, user, password, TIMEOUT);
                Statement sql = own.createStatement()) {
            sql.execute("CREATE TABLE flags (v VARCHAR(64))");
            sql.execute("INSERT INTO flags VALUES ('katana')");
            try (ResultSet rows = sql.executeQuery("SELECT v FROM flags")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("katana");
            }

            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM `" + other + "`.secrets"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1142));
            assertThatThrownBy(() -> sql.execute("CREATE DATABASE `" + other + "_2`"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1044));
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws SQLException {
        MySqlAccounts.ensureDatabaseAndUser(admin, database, user, password);

        assertThatThrownBy(() -> MySql.connect(url() + database, user, Secret.of("not-the-password"), TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    private static String url() {
        String url = TestBed.env("KATANA_MYSQL_URL");
        return url.endsWith("/") ? url : url + "/";
    }
}
