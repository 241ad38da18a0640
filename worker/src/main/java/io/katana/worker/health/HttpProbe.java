package io.katana.worker.health;

import io.katana.api.health.HealthStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** A GET that turns the JDK client's message-less exceptions into details a person can act on. */
final class HttpProbe {

    private final HttpClient http;
    private final Duration timeout;

    HttpProbe(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The response, or empty with {@code failure} describing why there was none. */
    Optional<HttpResponse<String>> get(URI url, StringBuilder failure) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (HttpTimeoutException e) {
            failure.append("GET ").append(url).append(" timed out after ").append(timeout.toMillis()).append(" ms");
        } catch (ConnectException e) {
            failure.append("cannot connect to ").append(url.getHost()).append(':').append(url.getPort())
                    .append(" (refused or unreachable)");
        } catch (IOException e) {
            failure.append("GET ").append(url).append(" failed: ").append(e);
        }
        return Optional.empty();
    }

    static HealthStatus down(StringBuilder failure) {
        return HealthStatus.down(failure.toString());
    }
}
