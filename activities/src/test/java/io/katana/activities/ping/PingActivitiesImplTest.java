package io.katana.activities.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.workflows.ping.PingReply;
import org.junit.jupiter.api.Test;

class PingActivitiesImplTest {

    @Test
    void echoesWithTheGivenHost() {
        assertThat(new PingActivitiesImpl("node-7").echo("hi")).isEqualTo(new PingReply("hi", "node-7"));
    }

    @Test
    void knowsTheLocalHostName() {
        assertThat(new PingActivitiesImpl().echo("hi").host()).isNotBlank();
    }
}
