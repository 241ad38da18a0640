package io.katana.api;

import io.katana.api.health.HealthCheck;
import io.katana.workflows.common.Secret;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** Everything the API needs from its process, handed in by the launcher. */
public record ApiContext(
        String host,
        int port,
        Secret adminToken,
        List<HealthCheck> healthChecks,
        Duration healthDeadline,
        WorkflowClient workflowClient,
        AdminServices services,
        PrometheusMeterRegistry meters) {

    /** With a registry of its own, for tests that read no metrics from the process. */
    public ApiContext(String host, int port, Secret adminToken, List<HealthCheck> healthChecks,
            Duration healthDeadline, WorkflowClient workflowClient, AdminServices services) {
        this(host, port, adminToken, healthChecks, healthDeadline, workflowClient, services,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public ApiContext {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(healthDeadline, "healthDeadline");
        Objects.requireNonNull(workflowClient, "workflowClient");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(meters, "meters");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (healthDeadline.isNegative() || healthDeadline.isZero()) {
            throw new IllegalArgumentException("healthDeadline must be positive");
        }
        healthChecks = List.copyOf(healthChecks);
        var names = new HashSet<String>();
        for (HealthCheck check : healthChecks) {
            if (!names.add(check.name())) {
                throw new IllegalArgumentException("two health checks named " + check.name());
            }
        }
    }
}
