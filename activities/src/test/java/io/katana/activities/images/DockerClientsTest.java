package io.katana.activities.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerClientsTest {

    @Test
    void anAbsentEngineFailsFastInsteadOfHanging(@TempDir Path dir) throws Exception {
        URI socket = URI.create("unix://" + dir.resolve("docker.sock"));
        long start = System.nanoTime();
        try (DockerClient docker = DockerClients.create(socket, Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> docker.pingCmd().exec()).isInstanceOf(RuntimeException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
