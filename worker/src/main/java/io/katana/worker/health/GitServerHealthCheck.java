package io.katana.worker.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The git server answers. Before Katana's InitWorkflow installs it, the API does not exist yet
 * (Gitea: 404, Gogs: 302 to /install) while the installer page does: that counts as up, because
 * the server is there and waiting for Katana, not broken.
 */
final class GitServerHealthCheck implements HealthCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final Duration timeout;

    GitServerHealthCheck(HttpClient http, URI baseUrl, Duration timeout) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "git";
    }

    @Override
    public HealthStatus check() throws IOException, InterruptedException {
        HttpResponse<String> version = get("/api/v1/version");
        switch (version.statusCode()) {
            case 200:
                return HealthStatus.up("installed, version " + versionOf(version.body()));
            case 403:
                return HealthStatus.up("installed (version hidden: sign-in required)");
            case 404, 302:
                int root = get("/").statusCode();
                return root == 200 || root == 302
                        ? HealthStatus.up("reachable, waiting for install")
                        : HealthStatus.down("GET / answered HTTP " + root);
            default:
                return HealthStatus.down("GET /api/v1/version answered HTTP " + version.statusCode());
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
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
