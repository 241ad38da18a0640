package io.katana.api.health;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;

/** {@code GET /healthz}: 200 when every dependency is up, else 503 naming the ones that are down. */
public final class HealthRoutes {

    private HealthRoutes() {
    }

    public static void register(RoutesConfig routes, HealthService health) {
        routes.get("/healthz", ctx -> {
            HealthReport report = health.run();
            ctx.status(report.allUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
        });
    }
}
