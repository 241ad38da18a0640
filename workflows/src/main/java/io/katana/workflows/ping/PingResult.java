package io.katana.workflows.ping;

/** Output of {@link PingWorkflow}: proves a round trip client → workflow → activity → client. */
public record PingResult(String message, String activityHost) {

    public PingResult {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        if (activityHost == null || activityHost.isBlank()) {
            throw new IllegalArgumentException("activityHost must not be blank");
        }
    }
}
