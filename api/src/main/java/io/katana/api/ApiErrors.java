package io.katana.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The exception mapping: every error leaves the API as {@code {"error": "..."}}. */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void register(RoutesConfig routes) {
        // Javalin pre-registers its own (plain text) handler for HttpResponseException, which
        // would win over an Exception handler; replace it so 401/404/400 are JSON too.
        routes.exception(HttpResponseException.class, (error, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error.getMessage());
            if (!error.getDetails().isEmpty()) {
                body.put("details", error.getDetails());
            }
            ctx.status(error.getStatus()).json(body);
        });
        routes.exception(Exception.class, (error, ctx) -> {
            // Logged here, where it is translated; the client gets no internals.
            log.error("{} {} failed", ctx.method(), ctx.path(), error);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error"));
        });
    }
}
