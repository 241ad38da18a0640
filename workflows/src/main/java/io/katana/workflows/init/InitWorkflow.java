package io.katana.workflows.init;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Initialises the platform, id {@code init}: infraset, databases, git server install and admin,
 * registry, record. Each step is idempotent, so the workflow can be run again at any time.
 */
@WorkflowInterface
public interface InitWorkflow {

    @WorkflowMethod(name = "Init")
    InitResult init(InitRequest request);

    /** The step now running (or {@code done}), for people watching. */
    @QueryMethod
    String step();
}
