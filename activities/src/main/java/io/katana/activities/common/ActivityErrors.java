package io.katana.activities.common;

import io.katana.activities.gitserver.GitServerException;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;

/**
 * Which errors Temporal should retry. An answer that will not change on a retry (the git server
 * refusing a name, a missing prerequisite) becomes a non-retryable failure with a type people can
 * filter on; everything else (connection refused, 5xx, timeouts) is left to the retry policy.
 */
public final class ActivityErrors {

    public static final String GIT_SERVER_REFUSED = "GitServerRefused";
    public static final String NOT_INITIALISED = "PlatformNotInitialised";
    public static final String POD_NOT_STARTING = "PodNotStarting";

    private ActivityErrors() {
    }

    public static RuntimeException gitServer(GitServerException error) {
        int status = error.status();
        boolean final4xx = status >= 400 && status < 500 && status != 408 && status != 429;
        if (final4xx) {
            return ApplicationFailure.newNonRetryableFailure(error.getMessage(), GIT_SERVER_REFUSED);
        }
        return error;
    }

    /** A call to an outside system that throws the JDK's checked exceptions. */
    @FunctionalInterface
    public interface OutsideCall<T> {
        T call() throws IOException, InterruptedException;
    }

    /**
     * Runs the call and hands its failures to Temporal: a git server's final answer as
     * non-retryable, I/O errors for the retry policy, an interrupt kept on the thread.
     */
    public static <T> T outside(OutsideCall<T> call) {
        try {
            return call.call();
        } catch (GitServerException e) {
            throw gitServer(e);
        } catch (IOException e) {
            throw Activity.wrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
    }

    public static RuntimeException notInitialised(String what) {
        return ApplicationFailure.newNonRetryableFailure(
                "the platform is not initialised (" + what + "): run the init job first (POST /api/v1/init)",
                NOT_INITIALISED);
    }
}
