package io.katana.api.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import io.katana.workflows.common.Secret;

/** Lets a request through only with {@code Authorization: Bearer <admin token>}. */
public final class AdminAuth implements Handler {

    private static final String SCHEME = "Bearer ";

    private final Secret token;

    public AdminAuth(Secret token) {
        this.token = token;
    }

    @Override
    public void handle(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && token.matches(header.substring(SCHEME.length()).trim())) {
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"katana\"");
        throw new UnauthorizedResponse("missing or wrong bearer token");
    }
}
