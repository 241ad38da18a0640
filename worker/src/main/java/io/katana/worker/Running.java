package io.katana.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a command started, stopped in reverse order: the API stops taking requests first. */
final class Running implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Running.class);

    interface Stopper {
        void stop() throws Exception;
    }

    private record Part(String name, Stopper stopper) {
    }

    private final Deque<Part> parts = new ArrayDeque<>();

    synchronized void onStop(String name, Stopper stopper) {
        parts.push(new Part(name, stopper));
    }

    /** Stops everything, each part even if another failed to stop. */
    @Override
    public synchronized void close() {
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            try {
                part.stopper().stop();
                log.info("stopped {}", part.name());
            } catch (Exception e) {
                log.warn("stopping {} failed", part.name(), e);
            }
        }
    }
}
