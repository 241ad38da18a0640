package io.katana.api.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs all checks in parallel under one deadline, so a hanging dependency makes {@code /healthz}
 * say "timed out" for that one instead of hanging the answer (and the caller's probe).
 */
public final class HealthService implements AutoCloseable {

    private final List<HealthCheck> checks;
    private final Duration deadline;
    private final ExecutorService executor;

    public HealthService(List<HealthCheck> checks, Duration deadline) {
        this.checks = List.copyOf(checks);
        this.deadline = deadline;
        AtomicInteger threads = new AtomicInteger();
        // Daemon threads: a check stuck in a blocking call must not keep the JVM from exiting.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "health-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public HealthReport run() {
        long start = System.nanoTime();
        Map<String, Future<HealthStatus>> running = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            running.put(check.name(), executor.submit(() -> timed(check)));
        }
        long end = start + deadline.toNanos();
        Map<String, HealthStatus> results = new LinkedHashMap<>();
        running.forEach((name, future) -> results.put(name, await(future, start, end)));
        return HealthReport.of(results);
    }

    private static HealthStatus await(Future<HealthStatus> future, long start, long end) {
        try {
            return future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new HealthStatus(false, "timed out after " + millis + " ms", millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return HealthStatus.down("interrupted");
        } catch (ExecutionException e) {
            return HealthStatus.down(describe(e.getCause()));
        }
    }

    private static HealthStatus timed(HealthCheck check) {
        long start = System.nanoTime();
        HealthStatus status;
        try {
            status = check.check();
            if (status == null) {
                status = HealthStatus.down("check returned no result");
            }
        } catch (Exception e) {
            status = HealthStatus.down(describe(e));
        }
        return status.withMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * Type and message, plus the root cause when it differs: client libraries wrap the useful part
     * ("Connection refused") in generic exceptions ("An error has occurred").
     */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = typeAndMessage(error);
        return root == error ? text : text + " (cause: " + typeAndMessage(root) + ")";
    }

    private static String typeAndMessage(Throwable error) {
        String message = error.getMessage();
        String type = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
