package io.katana.workflows.patch;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** One pass of the reconciliation schedule: a patch for each push the webhook missed. */
@WorkflowInterface
public interface ReconcileWorkflow {

    /** @return the patch workflows started */
    @WorkflowMethod
    List<String> reconcile();
}
