package io.katana.activities.challenge;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Builds a context without network and with bounded resources, then pushes it; the digest it got. */
public final class ImageBuilder {

    /** Lines of build output kept for the reason of a failed build. */
    static final int TAIL = 25;
    private static final long MEMORY = 1L << 30;
    /** Half the default weight (1024): a busy build host still runs its other containers. */
    static final String CPU_SHARES = "512";

    private final DockerClient docker;

    public ImageBuilder(DockerClient docker) {
        this.docker = docker;
    }

    /** Thrown for a build that failed for its Dockerfile: retrying would fail the same way. */
    public static final class BuildFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BuildFailed(String message) {
            super(message);
        }
    }

    /**
     * What one build may use.
     *
     * @param cpuset the CPUs a build may run on ({@code "0-1"}; null for all). The daemon's build API
     *     has CFS quotas, but docker-java does not pass them, so CPU is bounded by a set of cores
     *     and a halved weight ({@link #CPU_SHARES}) against the challenge pods beside it.
     */
    public record Limits(String cpuset, long memoryBytes, Duration timeout) {

        public static final Limits DEFAULT = new Limits(null, MEMORY, Duration.ofMinutes(10));
    }

    /**
     * @param heartbeat called on this thread at least once a second while the build runs, so a
     *     hung build is noticed; when it throws (the activity was cancelled), the build is stopped
     * @return the pushed image's digest ({@code sha256:...})
     */
    public String buildAndPush(Path context, String repository, String tag, Runnable heartbeat) throws InterruptedException {
        build(context, repository, tag, Limits.DEFAULT, heartbeat);
        return push(repository, tag, heartbeat);
    }

    /** Builds {@code repository:tag} without network, within the limits; the image id. */
    public String build(Path context, String repository, String tag, Limits limits, Runnable heartbeat)
            throws InterruptedException {
        Deque<String> tail = new ArrayDeque<>();
        var command = docker.buildImageCmd(context.toFile())
                .withNetworkMode("none")
                .withMemory(limits.memoryBytes())
                .withMemswap(limits.memoryBytes())
                .withPull(false)
                .withTags(Set.of(repository + ":" + tag));
        command.withCpushares(CPU_SHARES);
        if (limits.cpuset() != null) {
            command.withCpusetcpus(limits.cpuset());
        }
        CountDownLatch ended = new CountDownLatch(1);
        BuildImageResultCallback callback = command.exec(new BuildImageResultCallback() {
            @Override
            public void onComplete() {
                super.onComplete();
                ended.countDown();
            }

            @Override
            public void onError(Throwable error) {
                super.onError(error);
                ended.countDown();
            }

            @Override
            public void onNext(BuildResponseItem item) {
                String line = item.getStream() != null ? item.getStream()
                        : item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : null;
                if (line != null && !line.isBlank()) {
                    synchronized (tail) {
                        tail.addLast(line.strip());
                        while (tail.size() > TAIL) {
                            tail.removeFirst();
                        }
                    }
                }
                super.onNext(item);
            }
        });
        try {
            if (!awaitEnd(ended, limits.timeout(), heartbeat)) {
                throw new BuildFailed("the image build took longer than " + limits.timeout().toSeconds()
                        + " s and was stopped\n" + tail(tail));
            }
            return callback.awaitImageId();
        } catch (DockerClientException e) {
            throw new BuildFailed("the image build failed: " + e.getMessage() + "\n" + tail(tail));
        } finally {
            // Closing the stream ends a build still running: the daemon cancels it with its client.
            closeQuietly(callback);
        }
    }

    /** Pushes {@code repository:tag}; the digest the registry gave it. */
    public String push(String repository, String tag, Runnable heartbeat) throws InterruptedException {
        AtomicReference<String> digest = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        var callback = docker.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onComplete() {
                super.onComplete();
                ended.countDown();
            }

            @Override
            public void onError(Throwable throwable) {
                super.onError(throwable);
                ended.countDown();
            }

            @Override
            public void onNext(PushResponseItem item) {
                if (item.getAux() != null && item.getAux().getDigest() != null) {
                    digest.set(item.getAux().getDigest());
                }
                if (item.getErrorDetail() != null) {
                    error.set(item.getErrorDetail().getMessage());
                }
            }
        });
        try {
            if (!awaitEnd(ended, Duration.ofMinutes(5), heartbeat)) {
                throw new IllegalStateException("push of " + repository + ":" + tag + " took over 5 min");
            }
            callback.awaitCompletion();
        } finally {
            closeQuietly(callback);
        }
        if (error.get() != null) {
            throw new IllegalStateException("push of " + repository + ":" + tag + " failed: " + error.get());
        }
        if (digest.get() == null) {
            throw new IllegalStateException("the registry reported no digest for " + repository + ":" + tag);
        }
        return digest.get();
    }

    /**
     * Waits for a stream's end, heartbeating each second; false when the time ran out first. Not
     * the callback's own timed await: that one closes the stream when its time is up.
     */
    private static boolean awaitEnd(CountDownLatch ended, Duration limit, Runnable heartbeat)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!ended.await(1, TimeUnit.SECONDS)) {
            heartbeat.run();
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
        }
        return true;
    }

    private static String tail(Deque<String> tail) {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (java.io.IOException ignored) {
            // Already closed by the end of its stream.
        }
    }
}
