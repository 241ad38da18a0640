package io.katana.api.health;

/** The state of one dependency as {@code /healthz} reports it. */
public record HealthStatus(boolean up, String detail, long millis) {

    public HealthStatus {
        detail = detail == null ? "" : detail;
        if (millis < 0) {
            throw new IllegalArgumentException("millis must not be negative");
        }
    }

    public static HealthStatus up(String detail) {
        return new HealthStatus(true, detail, 0);
    }

    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail, 0);
    }

    public HealthStatus withMillis(long measured) {
        return new HealthStatus(up, detail, measured);
    }
}
