package io.katana.workflows.patch;

import java.util.Objects;

/**
 * One push (or a reconciliation's find, or an organiser's rollback) for one team's copy of one
 * challenge. Nothing secret: it lands in the workflow history.
 *
 * @param commit the pushed commit (a rollback: the commit it returns to)
 * @param message the commit message as the git server reported it, or empty
 * @param pusher the git user who pushed, or the trigger's name
 * @param trigger what started it
 * @param image for a rollback only: the {@code repository@sha256:...} to put back; null for a push
 */
public record PatchRequest(String team, String challenge, String commit, String message, String pusher,
        Trigger trigger, String image) {

    public enum Trigger {
        WEBHOOK,
        RECONCILE,
        ROLLBACK
    }

    public PatchRequest {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(trigger, "trigger");
        message = message == null ? "" : message;
        pusher = pusher == null ? "" : pusher;
        if ((trigger == Trigger.ROLLBACK) != (image != null)) {
            throw new IllegalArgumentException("an image is given for a rollback, and only for one");
        }
    }

    public static PatchRequest push(String team, String challenge, String commit, String message, String pusher,
            Trigger trigger) {
        return new PatchRequest(team, challenge, commit, message, pusher, trigger, null);
    }

    public boolean rollsBack() {
        return trigger == Trigger.ROLLBACK;
    }
}
