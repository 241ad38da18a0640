package io.katana.worker;

import io.javalin.Javalin;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthRoutes;
import io.katana.api.health.HealthService;
import io.katana.api.health.HealthStatus;
import io.katana.api.metrics.MetricsRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;

/**
 * The {@code worker} command's own small HTTP server: {@code GET /healthz} (Temporal answers and
 * this process polls) for a readiness probe, and {@code GET /metrics} for Prometheus. The API is
 * not in this process, so nothing else is served.
 */
final class WorkerHttp {

    private WorkerHttp() {
    }

    static Javalin start(String host, int port, HealthCheck temporal, WorkerFactory factory,
            PrometheusMeterRegistry meters, Duration deadline) {
        HealthCheck polling = HealthCheck.of("worker", () -> factory.isStarted() && !factory.isShutdown()
                ? HealthStatus.up("polling") : HealthStatus.down("the worker is not polling"));
        HealthService health = new HealthService(List.of(temporal, polling), deadline);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.events.serverStopped(health::close);
            HealthRoutes.register(config.routes, health);
            MetricsRoutes.register(config.routes, meters, null);
        });
        return app.start();
    }
}
