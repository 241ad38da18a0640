package io.katana.api.admin;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/** The admin API under {@code /api/v1}, behind {@link AdminAuth}. */
public final class AdminRoutes {

    public static final String PREFIX = "/api/v1";

    private AdminRoutes() {
    }

    public static void register(RoutesConfig routes, AdminAuth auth) {
        routes.before(PREFIX + "/*", auth);
        routes.get(PREFIX + "/whoami", ctx -> ctx.json(Map.of("role", "admin")));
    }
}
