package io.katana.workflows.testkit;

import io.katana.workflows.KatanaSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowExtension;

/** The in-memory Temporal of workflow tests, set up like the test bed's server. */
public final class KatanaTestWorkflows {

    private KatanaTestWorkflows() {
    }

    /** Registers Katana's search attributes, which the test bed's server knows from its start. */
    public static TestWorkflowExtension.Builder withKatanaAttributes(TestWorkflowExtension.Builder builder) {
        KatanaSearchAttributes.ALL.forEach(
                key -> builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
        return builder;
    }
}
