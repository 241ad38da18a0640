package io.katana.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.workflows.common.Secret;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MySqlTest {

    @Test
    void refusesAUrlOfAnotherDriver() {
        assertThatThrownBy(() -> MySql.connect("jdbc:postgresql://127.0.0.1/", "u", Secret.of("p"), Duration.ofSeconds(1)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("jdbc:mysql://");
    }

    @Test
    void aClosedPortFailsWithoutEchoingThePassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:mysql://127.0.0.1:" + port + "/";
        assertThatThrownBy(() -> MySql.connect(url, "katana", Secret.of("pa55word"), Duration.ofSeconds(1)))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55word"));
    }
}
