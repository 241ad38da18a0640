package io.katana.worker.health;

import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The registry answers the Docker Registry HTTP API v2 base endpoint with 200. */
final class RegistryHealthCheck implements HealthCheck {

    private final HttpClient http;
    private final String registry;
    private final Duration timeout;

    RegistryHealthCheck(HttpClient http, String registry, Duration timeout) {
        this.http = http;
        this.registry = registry;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public HealthStatus check() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/"))
                .timeout(timeout)
                .GET()
                .build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        return status == 200
                ? HealthStatus.up("registry API v2 at " + registry)
                : HealthStatus.down("GET /v2/ answered HTTP " + status);
    }
}
