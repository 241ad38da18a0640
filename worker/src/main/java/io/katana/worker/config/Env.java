package io.katana.worker.config;

import io.katana.workflows.common.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads variables and collects problems instead of stopping at the first. A blank value counts as
 * unset. Values of secrets are never quoted in a problem.
 */
final class Env {

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    Env(Map<String, String> values) {
        this.values = values;
    }

    private Optional<String> raw(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String text(String name, String fallback, Predicate<String> valid, String expected) {
        String value = raw(name).orElse(fallback);
        if (!valid.test(value)) {
            invalid(name, value, expected);
        }
        return value;
    }

    String required(String name, Predicate<String> valid, String expected) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            missing(name, expected);
            return null;
        }
        if (!valid.test(value.get())) {
            invalid(name, value.get(), expected);
            return null;
        }
        return value.get();
    }

    Secret secret(String name, String fallback, Predicate<String> valid, String expected) {
        Optional<String> value = fallback == null ? raw(name) : Optional.of(raw(name).orElse(fallback));
        if (value.isEmpty()) {
            missing(name, expected);
            return null;
        }
        if (!valid.test(value.get())) {
            problems.add(name + " is invalid: expected " + expected + " (value not shown: it is secret)");
            return null;
        }
        return Secret.of(value.get());
    }

    <T> T parsed(String name, String fallback, Function<String, Optional<T>> parser, String expected) {
        String value = raw(name).orElse(fallback);
        Optional<T> result = parser.apply(value);
        if (result.isEmpty()) {
            invalid(name, value, expected);
            return null;
        }
        return result.get();
    }

    int port(String name, int fallback) {
        Integer port = parsed(name, Integer.toString(fallback), Env::parsePort, "a port number 1..65535");
        return port == null ? fallback : port;
    }

    URI url(String name, String fallback, Set<String> schemes, String expected) {
        String value = raw(name).orElse(fallback);
        if (value.matches("^[a-z]+://[^/]*@.*")) {
            // Quoting it would print the credentials it carries.
            problems.add(name + " is invalid: expected " + expected + " without user:password@");
            return null;
        }
        return parsed(name, fallback, v -> parseUrl(v, schemes), expected);
    }

    Path readableFile(String name, String expected) {
        String value = required(name, v -> true, expected);
        if (value == null) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            invalid(name, value, expected + " (no such file)");
            return null;
        }
        if (!Files.isReadable(path)) {
            invalid(name, value, expected + " (not readable)");
            return null;
        }
        return path;
    }

    /** Empty when unset; a value that is not a readable file is a problem. */
    Optional<Path> optionalReadableFile(String name, String expected) {
        return raw(name).isEmpty() ? Optional.empty() : Optional.ofNullable(readableFile(name, expected));
    }

    void problem(String message) {
        problems.add(message);
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private void missing(String name, String expected) {
        problems.add(name + " is not set: expected " + expected);
    }

    private void invalid(String name, String value, String expected) {
        if (value.toLowerCase(java.util.Locale.ROOT).contains("password")) {
            problems.add(name + " is invalid: expected " + expected + " (value not shown: it names a password)");
            return;
        }
        problems.add(name + "='" + value + "' is invalid: expected " + expected);
    }

    private static Optional<Integer> parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> parseUrl(String value, Set<String> schemes) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
                return Optional.empty();
            }
            boolean located = "unix".equals(uri.getScheme())
                    ? uri.getPath() != null && uri.getPath().length() > 1
                    : uri.getHost() != null;
            if (!located) {
                return Optional.empty();
            }
            // Callers append paths ("/api/v1/version"), so a trailing slash would double up.
            return Optional.of(URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
