package io.katana.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import io.katana.workflows.common.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactingHealthCheckTest {

    private static final List<Secret> SECRETS = List.of(Secret.of("pw-1"), Secret.of("tok-2"));

    @Test
    void masksSecretsInDetails() throws Exception {
        HealthCheck leaky = HealthCheck.of("mongodb", () -> HealthStatus.up("connected as katana:pw-1"));
        assertThat(new RedactingHealthCheck(leaky, SECRETS).check().detail()).isEqualTo("connected as katana:***");
    }

    @Test
    void masksSecretsInErrorsAndReportsThemAsDown() throws Exception {
        HealthCheck failing = HealthCheck.of("mysql", () -> {
            throw new IllegalStateException("login tok-2 refused");
        });
        HealthStatus status = new RedactingHealthCheck(failing, SECRETS).check();
        assertThat(status.up()).isFalse();
        assertThat(status.detail()).isEqualTo("IllegalStateException: login *** refused");
    }
}
