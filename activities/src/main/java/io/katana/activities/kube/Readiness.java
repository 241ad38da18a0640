package io.katana.activities.kube;

import io.katana.activities.common.ActivityErrors;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A wait for something on the cluster to become ready, with a poll interval and a deadline. A
 * reason that does not heal by itself (a wrong image, a crash loop) ends the wait early, once it
 * has lasted long enough not to be a passing state.
 */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(500);

    private Readiness() {
    }

    /**
     * @param what the thing waited for, as a person names it ("master pod of team red")
     * @param stuckReason the reason it is stuck right now, or null
     */
    public static void await(String what, Duration deadline, Duration stuckGrace, Runnable heartbeat,
            BooleanSupplier ready, Supplier<String> stuckReason) {
        Instant end = Instant.now().plus(deadline);
        Instant stuckSince = null;
        while (true) {
            heartbeat.run();
            if (ready.getAsBoolean()) {
                return;
            }
            String stuck = stuckReason.get();
            if (stuck == null) {
                stuckSince = null;
            } else if (stuckSince == null) {
                stuckSince = Instant.now();
            } else if (Instant.now().isAfter(stuckSince.plus(stuckGrace))) {
                throw ApplicationFailure.newNonRetryableFailure(what + " does not start: " + stuck,
                        ActivityErrors.POD_NOT_STARTING);
            }
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException(what + " is not ready after " + deadline.toMinutes() + " min"
                        + (stuck == null ? "" : ": " + stuck));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
