package io.katana.workflows.ping;

/** What {@link PingActivities#echo} answers: the message, and which worker host ran the activity. */
public record PingReply(String message, String host) {

    public PingReply {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
    }
}
