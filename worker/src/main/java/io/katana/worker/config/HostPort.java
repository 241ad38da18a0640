package io.katana.worker.config;

import java.util.Optional;

/** A {@code host:port} pair such as {@code 127.0.0.1:7233} or {@code [::1]:5000}. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535");
        }
    }

    public static Optional<HostPort> parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || value.contains("/")) {
            return Optional.empty();
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || (!host.startsWith("[") && host.contains(":"))) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            return Optional.of(new HostPort(host, port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
