package io.katana.worker.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The git server answers. Before Katana's InitWorkflow installs it, the API does not exist yet
 * (Gitea: 404, Gogs: 302 to /install) while the installer page does: that counts as up, because
 * the server is there and waiting for Katana, not broken.
 */
final class GitServerHealthCheck implements HealthCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpProbe probe;
    private final URI baseUrl;

    GitServerHealthCheck(HttpClient http, URI baseUrl, Duration timeout) {
        this.probe = new HttpProbe(http, timeout);
        this.baseUrl = baseUrl;
    }

    @Override
    public String name() {
        return "git";
    }

    @Override
    public HealthStatus check() throws InterruptedException {
        StringBuilder failure = new StringBuilder();
        Optional<HttpResponse<String>> version = probe.get(URI.create(baseUrl + "/api/v1/version"), failure);
        if (version.isEmpty()) {
            return HttpProbe.down(failure);
        }
        int status = version.get().statusCode();
        if (status == 200) {
            return HealthStatus.up("installed, version " + versionOf(version.get().body()));
        }
        if (status == 403) {
            return HealthStatus.up("installed (version hidden: sign-in required)");
        }
        if (status != 404 && status != 302) {
            return HealthStatus.down("GET /api/v1/version answered HTTP " + status);
        }
        Optional<HttpResponse<String>> root = probe.get(URI.create(baseUrl + "/"), failure);
        if (root.isEmpty()) {
            return HttpProbe.down(failure);
        }
        int rootStatus = root.get().statusCode();
        return rootStatus == 200 || rootStatus == 302
                ? HealthStatus.up("reachable, waiting for install")
                : HealthStatus.down("GET / answered HTTP " + rootStatus);
    }

    private static String versionOf(String body) {
        try {
            JsonNode version = JSON.readTree(body).get("version");
            return version != null && version.isTextual() ? version.asText() : "(unreadable)";
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
