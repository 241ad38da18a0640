package io.katana.activities.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image built without network and pushed with docker-java, then run from {@code repo@digest}. */
class DockerIT {

    private final DockerClient docker = DockerClients.create(URI.create(TestBed.env("KATANA_DOCKER_HOST")),
            Duration.ofSeconds(5), Duration.ofMinutes(3));
    private final String registry = TestBed.env("KATANA_REGISTRY");
    private final String repository = registry + "/katana-it/docker-it";
    private final String tag = UUID.randomUUID().toString().substring(0, 12);

    @TempDir
    Path context;

    @AfterEach
    void close() throws Exception {
        docker.close();
    }

    @Test
    void buildsWithoutNetworkPushesAndRunsByDigest() throws Exception {
        String nonce = UUID.randomUUID().toString();
        Files.writeString(context.resolve("hello.txt"), "hello " + nonce + "\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                RUN ls /sys/class/net > /netifs
                COPY hello.txt /hello.txt
                CMD ["sh", "-c", "cat /hello.txt /netifs"]
                """.formatted(TestBed.env("KATANA_TESTBED_BUSYBOX_IMAGE")));

        String imageId = TestImages.build(docker, context, repository + ":" + tag);
        assertThat(imageId).isNotBlank();

        String digest = TestImages.push(docker, repository, tag);
        assertThat(digest).startsWith("sha256:");
        assertThat(registryDigest()).isEqualTo(digest);

        // Forget the local copy, so the run below really comes from the registry by digest.
        docker.removeImageCmd(imageId).withForce(true).exec();
        String byDigest = repository + "@" + digest;
        docker.pullImageCmd(byDigest).start().awaitCompletion(2, TimeUnit.MINUTES);

        String output = run(byDigest);
        assertThat(output).contains("hello " + nonce);
        // The build had no network: the only interface its RUN step saw was the loopback.
        assertThat(output.lines().skip(1).toList()).containsExactly("lo");
    }

    private String registryDigest() throws Exception {
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://" + registry + "/v2/katana-it/docker-it/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        return head.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private String run(String image) throws Exception {
        String id = docker.createContainerCmd(image)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            int exit = docker.waitContainerCmd(id).start().awaitStatusCode(1, TimeUnit.MINUTES);
            assertThat(exit).isZero();
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(1, TimeUnit.MINUTES);
            return out.toString();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
