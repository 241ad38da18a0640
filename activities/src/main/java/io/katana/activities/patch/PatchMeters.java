package io.katana.activities.patch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * The patch pipeline's numbers: {@code katana_patch_stage_seconds{stage,outcome}} for each stage
 * (fetch, check, build, push, rollout, ready, and the rollback ones), and
 * {@code katana_patch_seconds{status}} with {@code katana_patches_total{status}} from the webhook's
 * arrival to the end. Timers publish histogram buckets, so a dashboard can graph the p95.
 */
public final class PatchMeters {

    private final MeterRegistry registry;

    public PatchMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters nobody reads, for code run outside a process (tests, the benchmark's direct path). */
    public static PatchMeters unread() {
        return new PatchMeters(new SimpleMeterRegistry());
    }

    void stage(String stage, boolean ok, long millis) {
        Timer.builder("katana.patch.stage").description("One stage of a patch")
                .tag("stage", stage).tag("outcome", ok ? "ok" : "error")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry).record(Duration.ofMillis(millis));
    }

    void finished(String status, long totalMillis) {
        Counter.builder("katana.patches").description("Patches that ended, by status").tag("status", status)
                .register(registry).increment();
        Timer.builder("katana.patch").description("A patch from the webhook's arrival to its end")
                .tag("status", status).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry).record(Duration.ofMillis(totalMillis));
    }
}
