package io.katana.api.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's server-side login sessions: a random id (the cookie) and its expiry, kept in
 * memory. The admin token itself is never stored in a session or sent back; a restart logs
 * everyone out, which for one organiser's console is the safe side.
 */
public final class Sessions {

    public static final String COOKIE = "katana_session";
    /** More sessions than any organising team needs; past it the oldest go, so logins cannot fill memory. */
    private static final int MAX = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    public Sessions(Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a session lifetime must be positive");
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Sessions(Duration lifetime) {
        this(lifetime, Clock.systemUTC());
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A new session's id: 256 random bits. */
    public String open() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        while (expiries.size() >= MAX) {
            expiries.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> expiries.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(id, now.plus(lifetime));
        return id;
    }

    /** Whether the id names a session that has not expired (an expired one is dropped). */
    public boolean isValid(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        Instant expiry = expiries.get(id);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            expiries.remove(id);
            return false;
        }
        return true;
    }

    public void close(String id) {
        if (id != null) {
            expiries.remove(id);
        }
    }
}
