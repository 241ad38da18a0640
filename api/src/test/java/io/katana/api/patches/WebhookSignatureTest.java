package io.katana.api.patches;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.workflows.common.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** Gogs' own test vector (gogs-contract.md §7.2). */
    private static final byte[] BODY = "{\n  \"ref\": \"refs/heads/master\"\n}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "1dc3904bc857ef1793f08ab89bc8ccdf10aa56e92d66cb489356ef3f57c9d7eb";

    @Test
    void signsAsGogsDoes() {
        assertThat(WebhookSignature.sign(Secret.of("s3cr3t"), BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheSignatureBareUpperCasedOrWithGiteasPrefix() {
        assertThat(WebhookSignature.matches(Secret.of("s3cr3t"), BODY, SIGNATURE)).isTrue();
        assertThat(WebhookSignature.matches(Secret.of("s3cr3t"), BODY, SIGNATURE.toUpperCase())).isTrue();
        assertThat(WebhookSignature.matches(Secret.of("s3cr3t"), BODY, "sha256=" + SIGNATURE)).isTrue();
    }

    @Test
    void refusesAnotherSecretAnotherBodyOrNoSignature() {
        assertThat(WebhookSignature.matches(Secret.of("s3cr3u"), BODY, SIGNATURE)).isFalse();
        byte[] changed = "{\n  \"ref\": \"refs/heads/mastex\"\n}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.matches(Secret.of("s3cr3t"), changed, SIGNATURE)).isFalse();
        assertThat(WebhookSignature.matches(Secret.of("s3cr3t"), BODY, SIGNATURE.substring(1))).isFalse();
        assertThat(WebhookSignature.matches(Secret.of("s3cr3t"), BODY, "")).isFalse();
        assertThat(WebhookSignature.matches(Secret.of("s3cr3t"), BODY, null)).isFalse();
    }
}
