package io.katana.api.metrics;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics} in Prometheus' text format: everything the process registered (Temporal's
 * SDK metrics, patch stage timers, webhook counters) and the platform gauges, refreshed first.
 * Open like {@code /healthz}: it names teams and challenges, never a secret; the NetworkPolicy
 * decides who reaches it.
 */
public final class MetricsRoutes {

    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoutes() {
    }

    /** @param gauges refreshed before each scrape, or null when the process has none */
    public static void register(RoutesConfig routes, PrometheusMeterRegistry registry, PlatformGauges gauges) {
        routes.get(PATH, ctx -> {
            if (gauges != null) {
                gauges.refresh();
            }
            ctx.contentType(CONTENT_TYPE).result(registry.scrape());
        });
    }
}
