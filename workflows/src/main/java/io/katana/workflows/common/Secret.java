package io.katana.workflows.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, token or credential-bearing URI. Its {@code toString} is {@code ***} so that records
 * holding one can be logged. It is deliberately a class without getters or record components:
 * Jackson cannot serialise it, so a secret can never slip into a workflow history by accident.
 */
public final class Secret {

    private static final String MASK = "***";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        return new Secret(value);
    }

    /** The clear text, for the one call that needs it (a login, a header). */
    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    /** Compares in time independent of where the first difference lies. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces every occurrence of this secret in a text meant for people (an error, a log line). */
    public String redact(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, MASK);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && matches(secret.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
