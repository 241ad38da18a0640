package io.katana.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthServiceTest {

    @Test
    void runsChecksInParallelSoSlowOnesDoNotAddUp() {
        HealthCheck.Probe slow = () -> {
            Thread.sleep(400);
            return HealthStatus.up("slow but fine");
        };
        try (HealthService service = new HealthService(
                List.of(HealthCheck.of("a", slow), HealthCheck.of("b", slow), HealthCheck.of("c", slow)), Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            HealthReport report = service.run();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1100));
            assertThat(report.allUp()).isTrue();
            assertThat(report.checks().get("a").millis()).isGreaterThanOrEqualTo(390);
        }
    }

    @Test
    void aNullResultCountsAsDown() {
        try (HealthService service = new HealthService(List.of(HealthCheck.of("x", () -> null)), Duration.ofSeconds(1))) {
            HealthReport report = service.run();
            assertThat(report.status()).isEqualTo("down");
            assertThat(report.checks().get("x").detail()).isEqualTo("check returned no result");
        }
    }

    @Test
    void noChecksMeansUp() {
        try (HealthService service = new HealthService(List.of(), Duration.ofSeconds(1))) {
            assertThat(service.run().allUp()).isTrue();
        }
    }

    @Test
    void describeNamesTheRootCause() {
        var error = new RuntimeException("An error has occurred.", new java.net.ConnectException("Connection refused"));
        assertThat(HealthService.describe(error))
                .isEqualTo("RuntimeException: An error has occurred. (cause: ConnectException: Connection refused)");
        assertThat(HealthService.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
