package io.katana.worker.health;

import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** The registry answers the Docker Registry HTTP API v2 base endpoint with 200. */
final class RegistryHealthCheck implements HealthCheck {

    private final HttpProbe probe;
    private final String registry;

    RegistryHealthCheck(HttpClient http, String registry, Duration timeout) {
        this.probe = new HttpProbe(http, timeout);
        this.registry = registry;
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public HealthStatus check() throws InterruptedException {
        StringBuilder failure = new StringBuilder();
        return probe.get(URI.create("http://" + registry + "/v2/"), failure)
                .map(response -> response.statusCode() == 200
                        ? HealthStatus.up("registry API v2 at " + registry)
                        : HealthStatus.down("GET /v2/ answered HTTP " + response.statusCode()))
                .orElseGet(() -> HttpProbe.down(failure));
    }
}
