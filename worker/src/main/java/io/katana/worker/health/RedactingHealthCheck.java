package io.katana.worker.health;

import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthService;
import io.katana.api.health.HealthStatus;
import io.katana.workflows.common.Secret;
import java.util.List;

/**
 * Last line of defence: /healthz is unauthenticated, and a driver's error message could one day
 * quote a connection string. Every known secret is masked out of the detail.
 */
final class RedactingHealthCheck implements HealthCheck {

    private final HealthCheck delegate;
    private final List<Secret> secrets;

    RedactingHealthCheck(HealthCheck delegate, List<Secret> secrets) {
        this.delegate = delegate;
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public HealthStatus check() throws InterruptedException {
        HealthStatus status;
        try {
            status = delegate.check();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            status = HealthStatus.down(HealthService.describe(e));
        }
        if (status == null) {
            return null;
        }
        String detail = status.detail();
        for (Secret secret : secrets) {
            detail = secret.redact(detail);
        }
        return new HealthStatus(status.up(), detail, status.millis());
    }
}
