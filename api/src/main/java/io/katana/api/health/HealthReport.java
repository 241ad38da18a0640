package io.katana.api.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Body of {@code /healthz}: {@code {"status":"up|down","checks":{"name":{...}}}}. */
public record HealthReport(String status, Map<String, HealthStatus> checks) {

    public static final String UP = "up";
    public static final String DOWN = "down";

    public HealthReport {
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    public static HealthReport of(Map<String, HealthStatus> checks) {
        boolean allUp = checks.values().stream().allMatch(HealthStatus::up);
        return new HealthReport(allUp ? UP : DOWN, checks);
    }

    public boolean allUp() {
        return UP.equals(status);
    }
}
