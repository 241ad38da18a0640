package io.katana.workflows.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestBedTest {

    @Test
    void returnsASetVariable() {
        assertThat(TestBed.env(Map.of("KATANA_X", "v"), "KATANA_X")).isEqualTo("v");
    }

    @Test
    void failsWithInstructionsWhenTheTestBedIsMissing() {
        assertThatIllegalStateException()
                .isThrownBy(() -> TestBed.env(Map.of("KATANA_X", " "), "KATANA_MONGODB_URI"))
                .withMessage("KATANA_MONGODB_URI is not set: start the test bed "
                        + "(deploy/testbed/testbed.sh up) and source its env file");
    }
}
