package io.katana.api.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board as JSON, read at most once a second however many pages watch it, and pushed to each
 * page's event stream when it changes (a comment every 15 s keeps idle streams open through
 * proxies). The reads stop while no page is open. One lock orders the reads and the sends, so a
 * page never gets an older board after a newer one.
 */
public final class BoardFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoardFeed.class);
    private static final Duration FRESH = Duration.ofMillis(900);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Board board;
    private final ObjectMapper json;
    private final Clock clock;
    /** Each open stream with the board content it was sent last. */
    private final Map<SseClient, String> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    private String content;
    private Instant readAt = Instant.EPOCH;
    private Instant sentAt = Instant.EPOCH;
    private String lastProblem;

    public BoardFeed(Board board, ObjectMapper json, Clock clock, Duration every) {
        this.board = board;
        this.json = json;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "board-feed");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The board's JSON with the server's time, read anew when the last read is older than a second. */
    public String current() {
        return withTime(content());
    }

    /** A page's event stream: the board at once, then each change. */
    public void watch(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        // Under the feed's lock, so that no tick sends a change between this first board and the next.
        synchronized (this) {
            String now = content();
            client.sendEvent("board", withTime(now));
            clients.put(client, now);
        }
    }

    private synchronized String content() {
        Instant now = clock.instant();
        if (content == null || Duration.between(readAt, now).compareTo(FRESH) >= 0) {
            try {
                content = json.writeValueAsString(board.read());
                lastProblem = null;
            } catch (JsonProcessingException | RuntimeException e) {
                String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!problem.equals(lastProblem)) {
                    // Logged once per distinct problem, not once a second.
                    log.warn("the dashboard's board could not be read", e);
                    lastProblem = problem;
                }
                content = errorJson("the board could not be read: " + problem);
            }
            readAt = now;
        }
        return content;
    }

    private synchronized void tick() {
        if (clients.isEmpty()) {
            return;
        }
        String now = content();
        Instant at = clock.instant();
        boolean changed = false;
        String event = withTime(now);
        for (SseClient client : clients.keySet()) {
            String last = clients.get(client);
            if (last != null && !now.equals(last)) {
                // Recorded first: a failed send removes the stream, and nothing puts it back.
                clients.replace(client, now);
                send(client, () -> client.sendEvent("board", event));
                changed = true;
            }
        }
        if (changed) {
            sentAt = at;
        } else if (Duration.between(sentAt, at).compareTo(KEEP_ALIVE) >= 0) {
            clients.keySet().forEach(client -> send(client, () -> client.sendComment("keep-alive")));
            sentAt = at;
        }
    }

    private void send(SseClient client, Runnable sending) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            sending.run();
        } catch (RuntimeException e) {
            // The page went away between two ticks.
            clients.remove(client);
            client.close();
        }
    }

    private String withTime(String content) {
        return "{\"serverTime\":\"" + clock.instant() + "\",\"board\":" + content + "}";
    }

    private String errorJson(String message) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"the board could not be read\"}";
        }
    }

    int watching() {
        return clients.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        clients.keySet().forEach(SseClient::close);
        clients.clear();
    }
}
