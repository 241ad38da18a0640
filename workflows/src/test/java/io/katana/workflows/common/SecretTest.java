package io.katana.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void neverPrintsItsValue() {
        Secret secret = Secret.of("hunter2");
        record Holder(String user, Secret password) {
        }
        assertThat(new Holder("admin", secret).toString()).doesNotContain("hunter2").contains("***");
    }

    @Test
    void comparesByValue() {
        Secret secret = Secret.of("token-123");
        assertThat(secret.matches("token-123")).isTrue();
        assertThat(secret.matches("token-124")).isFalse();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret).isEqualTo(Secret.of("token-123"));
    }

    @Test
    void redactsItselfFromTexts() {
        Secret secret = Secret.of("s3cr3t");
        assertThat(secret.redact("login with s3cr3t failed")).isEqualTo("login with *** failed");
        assertThat(Secret.of("").redact("text")).isEqualTo("text");
    }

    @Test
    void jacksonCannotWriteItIntoAWorkflowPayload() {
        // Temporal's default converter is Jackson: a payload holding a Secret must fail loudly.
        ObjectMapper mapper = new ObjectMapper();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapper.writeValueAsString(Secret.of("x")))
                .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
    }
}
