package io.katana.workflows.common;

import io.temporal.workflow.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Workflow code: runs one piece of work per key, at most {@code concurrency} at a time, and keeps
 * count for a progress query. A failing key does not stop the others; its reason is kept.
 * Deterministic: keys start in their order and results are read in that order.
 */
public final class FanOut<T> {

    private int total;
    private int done;
    private int failed;

    /** The keys that succeeded with their results, and the ones that failed with their reasons, in key order. */
    public record Outcome<T>(Map<String, T> results, Map<String, String> failures) {
    }

    public Progress progress() {
        return new Progress(done, total, failed);
    }

    /** @param start begins the work of one key (a child workflow, an {@code Async.function}) */
    public Outcome<T> run(List<String> keys, int concurrency, Function<String, Promise<T>> start) {
        total = keys.size();
        Deque<String> waiting = new ArrayDeque<>(keys);
        Map<String, Promise<T>> running = new LinkedHashMap<>();
        Map<String, T> results = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        while (!waiting.isEmpty() || !running.isEmpty()) {
            while (running.size() < concurrency && !waiting.isEmpty()) {
                String key = waiting.poll();
                running.put(key, start.apply(key));
            }
            try {
                Promise.anyOf(new ArrayList<>(running.values())).get();
            } catch (RuntimeException failure) {
                // Read from its promise below, with the key it belongs to.
            }
            var finished = running.entrySet().iterator();
            while (finished.hasNext()) {
                var entry = finished.next();
                if (!entry.getValue().isCompleted()) {
                    continue;
                }
                finished.remove();
                done++;
                RuntimeException failure = entry.getValue().getFailure();
                if (failure == null) {
                    results.put(entry.getKey(), entry.getValue().get());
                } else {
                    failed++;
                    failures.put(entry.getKey(), Failures.reason(failure));
                }
            }
        }
        Map<String, T> orderedResults = new LinkedHashMap<>();
        Map<String, String> orderedFailures = new LinkedHashMap<>();
        for (String key : keys) {
            if (results.containsKey(key)) {
                orderedResults.put(key, results.get(key));
            } else {
                orderedFailures.put(key, failures.get(key));
            }
        }
        return new Outcome<>(orderedResults, orderedFailures);
    }
}
