package io.katana.activities.challenge;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Builds a context without network and with bounded resources, then pushes it; the digest it got. */
public final class ImageBuilder {

    /** Lines of build output kept for the reason of a failed build. */
    static final int TAIL = 25;
    private static final long MEMORY = 1L << 30;

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
     * @param heartbeat called for every line of output, so a hung build is noticed
     * @return the pushed image's digest ({@code sha256:...})
     */
    public String buildAndPush(Path context, String repository, String tag, Runnable heartbeat) throws InterruptedException {
        Deque<String> tail = new ArrayDeque<>();
        try {
            docker.buildImageCmd(context.toFile())
                    .withNetworkMode("none")
                    .withMemory(MEMORY)
                    .withMemswap(MEMORY)
                    .withPull(false)
                    .withTags(Set.of(repository + ":" + tag))
                    .exec(new com.github.dockerjava.api.command.BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            heartbeat.run();
                            String line = item.getStream() != null ? item.getStream()
                                    : item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : null;
                            if (line != null && !line.isBlank()) {
                                tail.addLast(line.strip());
                                while (tail.size() > TAIL) {
                                    tail.removeFirst();
                                }
                            }
                            super.onNext(item);
                        }
                    })
                    .awaitImageId(10, TimeUnit.MINUTES);
        } catch (DockerClientException e) {
            throw new BuildFailed("the image build failed: " + e.getMessage() + "\n" + String.join("\n", tail));
        }
        AtomicReference<String> digest = new AtomicReference<>();
        docker.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                heartbeat.run();
                if (item.getAux() != null && item.getAux().getDigest() != null) {
                    digest.set(item.getAux().getDigest());
                }
                if (item.getErrorDetail() != null) {
                    throw new IllegalStateException("push of " + repository + ":" + tag + " failed: "
                            + item.getErrorDetail().getMessage());
                }
            }
        }).awaitCompletion(5, TimeUnit.MINUTES);
        if (digest.get() == null) {
            throw new IllegalStateException("the registry reported no digest for " + repository + ":" + tag);
        }
        return digest.get();
    }
}
