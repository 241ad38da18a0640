package io.katana.activities.store;

import io.katana.workflows.common.Secret;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt (Bouncy Castle's OpenBSD implementation), the form in which Katana stores a password. */
public final class PasswordHash {

    /** 2^12 rounds: about a quarter second per hash here, paid once per login or change. */
    static final int COST = 12;
    /** bcrypt reads at most 72 bytes of a password. */
    private static final int MAX_BYTES = 72;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(Secret password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(chars(password), salt, COST);
    }

    public static boolean matches(Secret password, String hash) {
        if (hash == null || !hash.startsWith("$2")) {
            return false;
        }
        return OpenBSDBCrypt.checkPassword(hash, chars(password));
    }

    private static char[] chars(Secret password) {
        if (password.reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a password to hash must be at most " + MAX_BYTES + " bytes");
        }
        return password.reveal().toCharArray();
    }
}
