package io.katana.api.admin;

import io.javalin.config.RoutesConfig;
import io.katana.api.AdminServices;
import io.katana.api.challenges.ChallengeRoutes;
import io.katana.api.jobs.JobRoutes;
import io.katana.api.jobs.JobStarter;
import io.katana.api.patches.PatchRoutes;
import io.katana.api.teams.TeamRoutes;
import io.temporal.client.WorkflowClient;
import java.util.Map;

/** The admin API under {@code /api/v1}, behind {@link AdminAuth}. */
public final class AdminRoutes {

    public static final String PREFIX = "/api/v1";

    private AdminRoutes() {
    }

    public static void register(RoutesConfig routes, AdminAuth auth, WorkflowClient client, AdminServices services) {
        routes.before(PREFIX + "/*", auth);
        routes.get(PREFIX + "/whoami", ctx -> ctx.json(Map.of("role", "admin")));
        JobStarter starter = new JobStarter(client, services);
        new JobRoutes(client, services, starter).register(routes, PREFIX);
        new TeamRoutes(services, starter).register(routes, PREFIX);
        new ChallengeRoutes(services.challenges(), starter).register(routes, PREFIX);
        new PatchRoutes(services.patches(), starter).register(routes, PREFIX);
    }
}
