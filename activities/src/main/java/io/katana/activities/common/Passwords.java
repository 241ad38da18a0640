package io.katana.activities.common;

import io.katana.workflows.common.Secret;
import java.security.SecureRandom;

/** Generated passwords: letters and digits only, so they need no quoting in SQL, URLs or forms. */
public final class Passwords {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** {@code length} characters of 57 symbols: 24 give about 140 bits. */
    public static Secret generate(int length) {
        if (length < 12) {
            throw new IllegalArgumentException("a generated password needs at least 12 characters");
        }
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return Secret.of(password.toString());
    }
}
