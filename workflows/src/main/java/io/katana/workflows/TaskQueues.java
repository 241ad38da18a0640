package io.katana.workflows;

/** Names of the Temporal task queues Katana's workers poll. */
public final class TaskQueues {

    /**
     * Workflows and every activity that only talks to APIs (Kubernetes, git server, stores). The
     * deployed name comes from KATANA_TASK_QUEUE; this is its default, so that the CLI and tests
     * agree with a local start without configuration.
     */
    public static final String ORCHESTRATION = "katana";

    /**
     * The build task queue beside an orchestration queue: image builds (and the clone cache they
     * need) run there, on build hosts next to Docker, so that build capacity grows on its own.
     */
    public static String build(String orchestrationQueue) {
        return orchestrationQueue + "-build";
    }

    private TaskQueues() {
    }
}
