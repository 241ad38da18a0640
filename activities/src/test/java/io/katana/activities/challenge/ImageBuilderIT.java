package io.katana.activities.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.katana.activities.common.Trees;
import io.katana.activities.images.DockerClients;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Katana's own build and push against the test bed's Docker and registry. */
class ImageBuilderIT {

    private static final Path SAMPLE = Path.of("..", "deploy", "examples", "challenges", "web-echo");
    private final DockerClient docker = DockerClients.create(URI.create(TestBed.env("KATANA_DOCKER_HOST")),
            Duration.ofSeconds(5), Duration.ofMinutes(3));
    private final ImageBuilder images = new ImageBuilder(docker);
    private final String repository = TestBed.env("KATANA_REGISTRY") + "/katana-it/image-builder";
    private Path context;

    @BeforeEach
    void copySample() throws Exception {
        context = Files.createTempDirectory("katana-image-it-");
        Trees.copy(SAMPLE, context);
    }

    @AfterEach
    void close() throws Exception {
        Trees.deleteQuietly(context);
        docker.close();
    }

    @Test
    void buildsWithinLimitsAndPushesTheDigest() throws Exception {
        ImageBuilder.Limits limits = new ImageBuilder.Limits("0", 256L << 20, Duration.ofMinutes(2));
        String id = images.build(context, repository, "built", limits, () -> { });
        String digest = images.push(repository, "built", () -> { });

        assertThat(id).matches("(sha256:)?[0-9a-f]{12,64}");
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void aScriptThatDoesNotParseFailsTheBuildWithTheLogTail() throws Exception {
        Files.writeString(context.resolve("start.sh"), "if then (\n", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> images.build(context, repository, "broken", ImageBuilder.Limits.DEFAULT, () -> { }))
                .isInstanceOf(ImageBuilder.BuildFailed.class)
                .hasMessageContaining("the image build failed")
                .hasMessageContaining("RUN sh -n /start.sh")
                .hasMessageContaining("syntax error");
    }

    @Test
    void aBuildWhoseHeartbeatThrowsIsStoppedAtOnce() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), Files.readString(context.resolve("Dockerfile"))
                + "RUN sleep 60\n");
        AtomicLong beats = new AtomicLong();
        long start = System.nanoTime();
        assertThatThrownBy(() -> images.build(context, repository, "cancelled", ImageBuilder.Limits.DEFAULT, () -> {
            if (beats.incrementAndGet() == 3) {
                throw new IllegalStateException("cancelled");
            }
        })).hasMessage("cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aBuildOverItsTimeLimitIsStoppedAndSaysSo() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), Files.readString(context.resolve("Dockerfile"))
                + "RUN sleep 60\n");
        assertThatThrownBy(() -> images.build(context, repository, "slow",
                new ImageBuilder.Limits(null, 256L << 20, Duration.ofSeconds(3)), () -> { }))
                .isInstanceOf(ImageBuilder.BuildFailed.class)
                .hasMessageContaining("took longer than 3 s");
    }
}
