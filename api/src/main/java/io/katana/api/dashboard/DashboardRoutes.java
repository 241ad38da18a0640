package io.katana.api.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.katana.api.AdminServices;
import io.katana.api.admin.AdminAuth;
import io.katana.api.admin.AdminRoutes;
import io.katana.api.admin.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The organiser's dashboard: {@code GET /} (the login form, or the board once logged in),
 * {@code POST /login} and {@code /logout}, the page's script and style, and the data it reads:
 * {@code GET /api/v1/board} and its event stream {@code /api/v1/board/events}, both behind
 * {@link AdminAuth} (Bearer token or session cookie). The token is only ever posted in the login
 * form's body: never in a URL, a page or a cookie.
 */
public final class DashboardRoutes {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> ASSETS = Map.of(
            "/dashboard/dashboard.js", "text/javascript; charset=utf-8",
            "/dashboard/dashboard.css", "text/css; charset=utf-8");

    private final Sessions sessions;
    private final AdminAuth auth;
    private final BoardFeed feed;
    private final String boardPage = resource("/dashboard/index.html");
    private final String loginPage = resource("/dashboard/login.html");

    private DashboardRoutes(Sessions sessions, AdminAuth auth, BoardFeed feed) {
        this.sessions = sessions;
        this.auth = auth;
        this.feed = feed;
    }

    /** Registers the dashboard; its board feed stops with the server. */
    public static void register(JavalinConfig config, Sessions sessions, AdminAuth auth, AdminServices services,
            RunningJobs jobs) {
        BoardFeed feed = new BoardFeed(new Board(services, jobs), JavalinJackson.defaultMapper(), Clock.systemUTC(),
                Duration.ofSeconds(1));
        // While the server still runs: an event stream completed after Jetty stopped trips Javalin's error handling.
        config.events.serverStopping(feed::close);
        new DashboardRoutes(sessions, auth, feed).register(config);
    }

    private void register(JavalinConfig config) {
        var routes = config.routes;
        routes.get("/", this::page);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        ASSETS.forEach((path, type) -> {
            String content = resource(path);
            routes.get(path, ctx -> ctx.contentType(type).header("Cache-Control", "no-cache").result(content));
        });
        routes.get(AdminRoutes.PREFIX + "/board", ctx -> ctx.header("Cache-Control", "no-store")
                .contentType("application/json").result(feed.current()));
        // Javalin answers with text/event-stream and Cache-Control: no-cache itself.
        routes.sse(AdminRoutes.PREFIX + "/board/events", feed::watch);
    }

    private void page(Context ctx) {
        html(ctx, HttpStatus.OK, sessions.isValid(ctx.cookie(Sessions.COOKIE)) ? boardPage : loginForm(null));
    }

    private void login(Context ctx) {
        if (!AdminAuth.sameOrigin(ctx)) {
            html(ctx, HttpStatus.FORBIDDEN, loginForm("The login must be sent from this page."));
            return;
        }
        if (!auth.matches(ctx.formParam("token"))) {
            html(ctx, HttpStatus.UNAUTHORIZED, loginForm("Wrong token."));
            return;
        }
        sessions.close(ctx.cookie(Sessions.COOKIE));
        String id = sessions.open();
        ctx.header("Set-Cookie", cookie(ctx, id, sessions.lifetime().toSeconds()));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        if (!AdminAuth.sameOrigin(ctx)) {
            html(ctx, HttpStatus.FORBIDDEN, loginForm("The logout must be sent from this page."));
            return;
        }
        sessions.close(ctx.cookie(Sessions.COOKIE));
        ctx.header("Set-Cookie", cookie(ctx, "", 0));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure behind TLS. */
    private static String cookie(Context ctx, String value, long maxAgeSeconds) {
        boolean tls = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        return Sessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : "");
    }

    /** The login form, with one of this class's fixed messages (never anything the request sent). */
    private String loginForm(String error) {
        return loginPage.replace("<!--error-->",
                error == null ? "" : "<p class=\"error\" role=\"alert\">" + error + "</p>");
    }

    private static void html(Context ctx, HttpStatus status, String page) {
        ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY")
                // Not no-referrer: with it, browsers send "Origin: null" on the page's own form posts.
                .header("Referrer-Policy", "same-origin").header("X-Content-Type-Options", "nosniff").result(page);
    }

    private static String resource(String path) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
