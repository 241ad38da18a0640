package io.katana.workflows.ping;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The smallest real workflow: proves that the worker, the server and the search attributes work. */
@WorkflowInterface
public interface PingWorkflow {

    @WorkflowMethod(name = "Ping")
    PingResult ping(PingRequest request);
}
