package io.katana.workflows.patch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One push to one team's copy of a challenge, from the pushed commit to its digest live (or the
 * previous one still live, and the record saying why). Id {@code patch-<team>.<challenge>.<commit>}.
 */
@WorkflowInterface
public interface PatchWorkflow {

    @WorkflowMethod
    PatchResult patch(PatchRequest request);

    /** The stage the patch is in. */
    @QueryMethod
    PatchStatus status();
}
