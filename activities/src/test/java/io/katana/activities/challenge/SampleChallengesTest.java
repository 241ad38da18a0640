package io.katana.activities.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.workflows.challenge.ChallengeSpec;
import io.katana.workflows.challenge.ExposedPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

/** The samples in deploy/examples/challenges, packed as an organiser would, are accepted as they are. */
class SampleChallengesTest {

    static final Path SAMPLES = Path.of("..", "deploy", "examples", "challenges");

    @Test
    void theHttpSampleIsAValidPackage() throws Exception {
        ChallengeSpec spec = ChallengeArchive.read(pack("web-echo"), ChallengeArchive.Limits.DEFAULT).spec();

        assertThat(spec.name()).isEqualTo("web-echo");
        assertThat(spec.expose()).containsExactly(new ExposedPort(8080, ExposedPort.Protocol.HTTP, "web-echo"));
    }

    @Test
    void theTcpSampleIsAValidPackage() throws Exception {
        ChallengePackage read = ChallengeArchive.read(pack("nc-flag"), ChallengeArchive.Limits.DEFAULT);

        assertThat(read.spec().expose()).containsExactly(new ExposedPort(31337, ExposedPort.Protocol.TCP, null));
        assertThat(read.files()).contains("Dockerfile", "challenge.yaml", "service.sh", "start.sh");
    }

    @Test
    void extractingWritesTheTopFoldersFilesWithTheirModes(@org.junit.jupiter.api.io.TempDir Path target)
            throws Exception {
        ChallengeArchive.extract(pack("nc-flag"), ChallengeArchive.Limits.DEFAULT, target);

        assertThat(target.resolve("Dockerfile")).hasSameTextualContentAs(SAMPLES.resolve("nc-flag/Dockerfile"));
        assertThat(Files.isExecutable(target.resolve("service.sh"))).isTrue();
        assertThat(target.resolve("nc-flag")).doesNotExist();
    }

    /** {@code tar -czf} of the sample's folder, with its modes. */
    static byte[] pack(String sample) throws IOException {
        return pack(SAMPLES, sample);
    }

    /** {@code tar -C parent -czf - folder}. */
    static byte[] pack(Path parent, String sample) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path root = parent.resolve(sample);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
                Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted().toList();
            for (Path path : paths) {
                String name = sample + "/" + root.relativize(path).toString().replace('\\', '/');
                if (Files.isDirectory(path)) {
                    name = name.endsWith("/") ? name : name + "/";
                }
                TarArchiveEntry entry = new TarArchiveEntry(path, name);
                if (Files.isRegularFile(path)) {
                    // As tar does: the file's own permission bits.
                    entry.setMode(0100000 | (Files.isExecutable(path) ? 0755 : 0644));
                }
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(path)) {
                    tar.write(Files.readAllBytes(path));
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
