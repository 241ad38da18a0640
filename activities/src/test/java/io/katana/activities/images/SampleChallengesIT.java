package io.katana.activities.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both samples build on the test bed's engine, without network, from its local base image. */
class SampleChallengesIT {

    private static final Path SAMPLES = Path.of("..", "deploy", "examples", "challenges");

    private final DockerClient docker = DockerClients.create(URI.create(TestBed.env("KATANA_DOCKER_HOST")),
            Duration.ofSeconds(5), Duration.ofMinutes(3));

    @AfterEach
    void close() throws Exception {
        docker.close();
    }

    @Test
    void theHttpSampleBuilds() {
        assertThat(TestImages.build(docker, SAMPLES.resolve("web-echo"), "katana-it/web-echo:sample")).isNotBlank();
    }

    @Test
    void theTcpSampleBuilds() {
        assertThat(TestImages.build(docker, SAMPLES.resolve("nc-flag"), "katana-it/nc-flag:sample")).isNotBlank();
    }
}
