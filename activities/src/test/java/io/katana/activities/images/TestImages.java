package io.katana.activities.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Build and push steps the integration tests share, the way Katana's image activities do them. */
public final class TestImages {

    private TestImages() {
    }

    /** Builds {@code context} without network access; returns the image id. */
    public static String build(DockerClient docker, Path context, String reference) {
        return docker.buildImageCmd(context.toFile())
                .withNetworkMode("none")
                .withTags(Set.of(reference))
                .exec(new BuildImageResultCallback())
                .awaitImageId(2, TimeUnit.MINUTES);
    }

    /** Pushes {@code repository:tag}; returns the digest the registry reported in the push stream. */
    public static String push(DockerClient docker, String repository, String tag) throws InterruptedException {
        AtomicReference<String> digest = new AtomicReference<>();
        docker.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.getAux() != null && item.getAux().getDigest() != null) {
                    digest.set(item.getAux().getDigest());
                }
            }
        }).awaitCompletion(2, TimeUnit.MINUTES);
        if (digest.get() == null) {
            throw new IllegalStateException("push of " + repository + ":" + tag + " reported no digest");
        }
        return digest.get();
    }
}
