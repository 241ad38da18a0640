package io.katana.workflows.ping;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PingRecordsTest {

    @Test
    void requestNeedsAShortNonBlankMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PingRequest(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new PingRequest("  "));
        assertThatIllegalArgumentException().isThrownBy(() -> new PingRequest("x".repeat(201)));
        assertThatCode(() -> new PingRequest("x".repeat(200))).doesNotThrowAnyException();
    }

    @Test
    void replyAndResultNeedAHost() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PingReply("m", " "));
        assertThatIllegalArgumentException().isThrownBy(() -> new PingResult("m", null));
        assertThatCode(() -> new PingResult("", "host")).doesNotThrowAnyException();
    }
}
