package io.katana.activities.patch;

import io.katana.activities.store.PatchStore;
import io.katana.workflows.patch.PatchStatus;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Function;
import java.util.function.Supplier;

/** One stage of a patch, run with its start, end and error recorded in the patch document. */
final class Stages {

    private Stages() {
    }

    static <T> T timed(PatchStore patches, String patchId, String stage, PatchStatus status, Supplier<T> work) {
        return timed(patches, patchId, stage, status, work, result -> null);
    }

    /** @param outcome the error to record for a result that is not a success, or null */
    static <T> T timed(PatchStore patches, String patchId, String stage, PatchStatus status, Supplier<T> work,
            Function<T, String> outcome) {
        patches.stageStarted(patchId, stage, status);
        long start = System.nanoTime();
        try {
            T result = work.get();
            patches.stageEnded(patchId, stage, millis(start), outcome.apply(result));
            return result;
        } catch (RuntimeException e) {
            String message = e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
            patches.stageEnded(patchId, stage, millis(start), message == null ? e.getClass().getSimpleName() : message);
            throw e;
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
