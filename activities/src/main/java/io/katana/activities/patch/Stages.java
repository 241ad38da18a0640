package io.katana.activities.patch;

import io.katana.activities.store.PatchStore;
import io.katana.workflows.patch.PatchStatus;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage of a patch, run with its start, end and error recorded in the patch document, and its
 * time in the stage timer.
 */
final class Stages {

    private static final Logger log = LoggerFactory.getLogger(Stages.class);

    private final PatchStore patches;
    private final PatchMeters meters;

    Stages(PatchStore patches, PatchMeters meters) {
        this.patches = patches;
        this.meters = meters;
    }

    <T> T timed(String patchId, String stage, PatchStatus status, Supplier<T> work) {
        return timed(patchId, stage, status, work, result -> null);
    }

    /** @param outcome the error to record for a result that is not a success, or null */
    <T> T timed(String patchId, String stage, PatchStatus status, Supplier<T> work, Function<T, String> outcome) {
        patches.stageStarted(patchId, stage, status);
        long start = System.nanoTime();
        try {
            T result = work.get();
            String error = outcome.apply(result);
            long millis = millis(start);
            patches.stageEnded(patchId, stage, millis, error);
            meters.stage(stage, error == null, millis);
            if (error == null) {
                log.info("{}: {} done in {} ms", patchId, stage, millis);
            } else {
                log.info("{}: {} ended in {} ms: {}", patchId, stage, millis, error);
            }
            return result;
        } catch (RuntimeException e) {
            String message = e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
            long millis = millis(start);
            patches.stageEnded(patchId, stage, millis, message == null ? e.getClass().getSimpleName() : message);
            meters.stage(stage, false, millis);
            log.warn("{}: {} failed after {} ms: {}", patchId, stage, millis, message);
            throw e;
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
