package io.katana.api.admin;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import io.katana.workflows.common.Secret;
import java.net.URI;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin token>}, or with the
 * cookie of a dashboard session; a cookie-authenticated request that changes something must
 * also come from the dashboard's own origin (the cookie is {@code SameSite=Strict} as well).
 */
public final class AdminAuth implements Handler {

    private static final String SCHEME = "Bearer ";

    private final Secret token;
    private final Sessions sessions;

    public AdminAuth(Secret token) {
        this(token, null);
    }

    /** @param sessions the dashboard's sessions, or null for Bearer only */
    public AdminAuth(Secret token, Sessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    /** Whether the text is the admin token (constant time). */
    public boolean matches(String candidate) {
        return candidate != null && token.matches(candidate);
    }

    @Override
    public void handle(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && token.matches(header.substring(SCHEME.length()).trim())) {
            return;
        }
        if (header == null && sessions != null && sessions.isValid(ctx.cookie(Sessions.COOKIE))) {
            if (!isSafe(ctx.method()) && !sameOrigin(ctx)) {
                throw new ForbiddenResponse("a request with the session cookie must come from the dashboard itself");
            }
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"katana\"");
        throw new UnauthorizedResponse("missing or wrong bearer token");
    }

    /** The request's {@code Origin} names this server (host and port as the browser addressed it). */
    public static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin == null || host == null) {
            return false;
        }
        try {
            return host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isSafe(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
    }
}
