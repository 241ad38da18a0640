package io.katana.api.patches;

import io.katana.workflows.common.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature Gogs and Gitea put on a webhook delivery: the lowercase hex HMAC-SHA256 of the raw
 * body, keyed with the hook's secret (gogs-contract.md §7.2).
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(Secret secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether the header value is the body's signature, compared in constant time. */
    public static boolean matches(Secret secret, byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        String given = signature.strip().toLowerCase(Locale.ROOT);
        if (given.startsWith("sha256=")) {
            given = given.substring("sha256=".length());
        }
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
