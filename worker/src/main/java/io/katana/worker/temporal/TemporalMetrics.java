package io.katana.worker.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

/**
 * The Temporal SDK's metrics (requests, polls, task latencies, slots, sticky cache) reported into
 * the process's Micrometer registry, so {@code /metrics} shows them as {@code temporal_*}.
 */
public final class TemporalMetrics {

    /** How often the SDK's tally scope flushes into the registry. */
    private static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(5);

    private TemporalMetrics() {
    }

    /** The scope to give the service stubs; close it with them. */
    public static Scope scope(MeterRegistry registry) {
        return new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry)).reportEvery(REPORT_EVERY);
    }
}
