package io.katana.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import org.junit.jupiter.api.Test;

class KatanaSearchAttributesTest {

    @Test
    void namesMatchWhatTheTestBedRegisters() {
        assertThat(KatanaSearchAttributes.ALL)
                .extracting(SearchAttributeKey::getName)
                .containsExactly("KatanaTeam", "KatanaChallenge", "KatanaCommit", "KatanaKind");
        assertThat(KatanaSearchAttributes.ALL)
                .extracting(SearchAttributeKey::getValueType)
                .containsOnly(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }

    @Test
    void kindKeywordsAreLowerCase() {
        assertThat(WorkflowKind.PATCH.keyword()).isEqualTo("patch");
    }
}
