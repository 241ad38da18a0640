package io.katana.activities.gitserver;

/** The git server answered, but not as the contract says it should for this call. */
public class GitServerException extends RuntimeException {

    private final int status;

    public GitServerException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the answer, or 0 when there was none that mattered. */
    public int status() {
        return status;
    }
}
