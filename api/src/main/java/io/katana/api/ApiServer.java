package io.katana.api;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.katana.api.admin.AdminAuth;
import io.katana.api.admin.AdminRoutes;
import io.katana.api.admin.Sessions;
import io.katana.api.dashboard.DashboardRoutes;
import io.katana.api.dashboard.RunningJobs;
import io.katana.api.health.HealthRoutes;
import io.katana.api.health.HealthService;
import io.katana.api.jobs.TemporalRunningJobs;
import io.katana.api.metrics.MetricsRoutes;
import io.katana.api.metrics.PlatformGauges;
import io.katana.api.patches.WebhookRoutes;
import java.time.Duration;

/** Builds the Javalin app; routes are declared here, grouped per feature. */
public final class ApiServer {

    private ApiServer() {
    }

    /** The app, not yet started: {@code start()} binds the context's host and port. */
    public static Javalin create(ApiContext context) {
        return create(context, new TemporalRunningJobs(context.workflowClient(), context.services().taskQueue()));
    }

    /** The app with the dashboard's running jobs read from {@code runningJobs} (tests fake them). */
    public static Javalin create(ApiContext context, RunningJobs runningJobs) {
        HealthService health = new HealthService(context.healthChecks(), context.healthDeadline());
        Sessions sessions = new Sessions(Duration.ofHours(12));
        AdminAuth adminAuth = new AdminAuth(context.adminToken(), sessions);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = context.host();
            config.jetty.port = context.port();
            config.jsonMapper(new JavalinJackson(JavalinJackson.defaultMapper(), false));
            config.events.serverStopped(health::close);

            ApiErrors.register(config.routes);
            HealthRoutes.register(config.routes, health);
            AdminRoutes.register(config.routes, adminAuth, context.workflowClient(), context.services());
            new WebhookRoutes(context.workflowClient(), context.services().patches(), context.services().taskQueue(),
                    context.services().defaultBranch(), context.services().maxWebhookBytes(), context.meters())
                    .register(config.routes);
            MetricsRoutes.register(config.routes, context.meters(), new PlatformGauges(context.meters(),
                    context.services().teams(), context.services().challenges()));
            DashboardRoutes.register(config, sessions, adminAuth, context.services(), runningJobs);
        });
    }
}
