package io.katana.workflows.common;

import io.temporal.failure.TemporalFailure;

/** Turns a chain of Temporal failures into the one sentence a person needs. */
public final class Failures {

    private Failures() {
    }

    /**
     * The message of the innermost failure that has one: a child workflow failure wraps an
     * activity failure that wraps the activity's own exception, and only that one says what broke.
     */
    public static String reason(Throwable failure) {
        String reason = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : cause.getMessage();
            if (message != null && !message.isBlank()) {
                reason = message;
            }
        }
        return reason == null ? failure.getClass().getSimpleName() : reason;
    }
}
