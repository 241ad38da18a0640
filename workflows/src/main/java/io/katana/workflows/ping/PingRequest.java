package io.katana.workflows.ping;

/** Input of {@link PingWorkflow}: {@code temporal workflow start --type Ping --input '{"message":"hi"}'}. */
public record PingRequest(String message) {

    public static final int MAX_LENGTH = 200;

    public PingRequest {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
        if (message.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("message must be at most " + MAX_LENGTH + " characters");
        }
    }
}
