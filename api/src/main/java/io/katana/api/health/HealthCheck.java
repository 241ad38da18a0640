package io.katana.api.health;

/**
 * One probe of an outside system. Implementations keep their own short timeout and never put a
 * secret into a detail; the health service measures the time and bounds the whole run.
 */
public interface HealthCheck {

    /** Key in the health report, e.g. {@code temporal}. */
    String name();

    /** Throwing counts as down, with the exception's message as the detail. */
    HealthStatus check() throws Exception;

    /** The body of a check, for checks small enough to be a lambda. */
    @FunctionalInterface
    interface Probe {
        HealthStatus check() throws Exception;
    }

    static HealthCheck of(String name, Probe probe) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthStatus check() throws Exception {
                return probe.check();
            }
        };
    }
}
