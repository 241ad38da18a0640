package io.katana.activities.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.workflows.challenge.ExposedPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

/** One test per refusal, on archives built here; and the two good shapes, tar.gz and zip. */
class ChallengeArchiveTest {

    private static final String YAML = """
            name: web-echo
            containers:
              app:
                ports: [8080]
                environment: {GREETING: hello}
                resources: {limits: {cpu: 500m, memory: 128Mi}}
            expose:
              app:
                - {target: 8080, http: web-echo, healthContent: echo}
            """;

    private static Map<String, String> good() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("web-echo/Dockerfile", "FROM scratch\n");
        files.put("web-echo/challenge.yaml", YAML);
        files.put("web-echo/src/index.html", "echo\n");
        return files;
    }

    @Test
    void aGoodTarGzIsReadWithItsSpecAndContentAddress() throws Exception {
        ChallengePackage read = ChallengeArchive.read(tarGz(good()), ChallengeArchive.Limits.DEFAULT);

        assertThat(read.topFolder()).isEqualTo("web-echo");
        assertThat(read.files()).containsExactly("Dockerfile", "challenge.yaml", "src/index.html");
        assertThat(read.sha256()).hasSize(64);
        assertThat(read.version()).isEqualTo(read.sha256().substring(0, 12));
        assertThat(read.spec().name()).isEqualTo("web-echo");
        assertThat(read.spec().container().ports()).containsExactly(8080);
        assertThat(read.spec().container().environment()).containsEntry("GREETING", "hello");
        assertThat(read.spec().container().resources().memoryLimit()).isEqualTo("128Mi");
        assertThat(read.spec().expose()).containsExactly(new ExposedPort(8080, ExposedPort.Protocol.HTTP, "echo"));
        assertThat(read.spec().replicas()).isEqualTo(1);
    }

    @Test
    void aGoodZipIsReadToo() throws Exception {
        assertThat(ChallengeArchive.read(zip(good(), null), ChallengeArchive.Limits.DEFAULT).files())
                .contains("Dockerfile", "challenge.yaml");
    }

    @Test
    void theSameArchiveHasTheSameAddressAndAChangedOneAnother() throws Exception {
        byte[] archive = tarGz(good());
        Map<String, String> changed = good();
        changed.put("web-echo/src/index.html", "changed\n");

        assertThat(ChallengeArchive.read(archive, ChallengeArchive.Limits.DEFAULT).sha256())
                .isEqualTo(ChallengeArchive.read(archive.clone(), ChallengeArchive.Limits.DEFAULT).sha256())
                .isNotEqualTo(ChallengeArchive.read(tarGz(changed), ChallengeArchive.Limits.DEFAULT).sha256());
    }

    @Test
    void dotDotIsRefused() {
        Map<String, String> files = good();
        files.put("web-echo/../evil", "x");
        refused(files, "'web-echo/../evil' escapes the top folder (..)");
    }

    @Test
    void anAbsolutePathIsRefused() throws Exception {
        Map<String, String> files = good();
        files.put("/etc/passwd", "x");
        // The tar writer strips a leading slash; write the header by hand as a hostile tool would.
        assertThatThrownBy(() -> ChallengeArchive.read(zip(files, null), ChallengeArchive.Limits.DEFAULT))
                .hasMessage("'/etc/passwd' is an absolute path");
    }

    @Test
    void aLinkPointingOutsideIsRefused() throws Exception {
        assertThatThrownBy(() -> ChallengeArchive.read(tarGzWithLink("web-echo/flag", "../../etc/shadow"),
                ChallengeArchive.Limits.DEFAULT))
                .hasMessage("link 'web-echo/flag' points outside the top folder (../../etc/shadow)");
        assertThatThrownBy(() -> ChallengeArchive.read(tarGzWithLink("web-echo/flag", "/etc/shadow"),
                ChallengeArchive.Limits.DEFAULT))
                .hasMessage("link 'web-echo/flag' points to the absolute path /etc/shadow");
        assertThatThrownBy(() -> ChallengeArchive.read(zip(good(), Map.entry("web-echo/flag", "../../../root")),
                ChallengeArchive.Limits.DEFAULT))
                .hasMessage("link 'web-echo/flag' points outside the top folder (../../../root)");
    }

    @Test
    void aLinkInsideIsAccepted() throws Exception {
        assertThat(ChallengeArchive.read(tarGzWithLink("web-echo/src/link", "index.html"),
                ChallengeArchive.Limits.DEFAULT).topFolder()).isEqualTo("web-echo");
    }

    @Test
    void moreThanOneTopFolderIsRefused() {
        Map<String, String> files = good();
        files.put("other/readme", "x");
        refused(files, "the archive has more than one top folder: web-echo, other");
        Map<String, String> loose = good();
        loose.put("README", "x");
        refused(loose, "'README' lies outside the top folder: the package must hold one folder with everything in it");
    }

    @Test
    void aMissingDockerfileOrChallengeYamlIsRefused() {
        Map<String, String> noDockerfile = good();
        noDockerfile.remove("web-echo/Dockerfile");
        refused(noDockerfile, "the package has no Dockerfile in its top folder 'web-echo'");
        Map<String, String> noYaml = good();
        noYaml.remove("web-echo/challenge.yaml");
        refused(noYaml, "the package has no challenge.yaml in its top folder 'web-echo'");
    }

    @Test
    void aChallengeYamlThatDoesNotParseOrSaysTooLittleIsRefused() {
        refusedYaml("name: [unclosed\n", "challenge.yaml does not parse");
        refusedYaml("containers:\n  app:\n    ports: [80]\n", "name is missing");
        refusedYaml("name: web\ncontainers:\n  app:\n    environment: {}\n", "containers.app.ports must list at least one port");
        refusedYaml("name: Web_Echo\ncontainers:\n  app:\n    ports: [80]\n", "name 'Web_Echo' is not a valid label");
        refusedYaml("name: web\ncontainers:\n  app:\n    ports: [80]\nexpose:\n  app:\n    - {target: 81, tcp: 1}\n",
                "expose names port 81, which container 'app' does not declare (it has [80])");
        refusedYaml("name: web\ncontainers:\n  app:\n    ports: [80]\n  db:\n    ports: [5432]\n",
                "only one container is supported");
    }

    @Test
    void anArchiveOverTheSizeIsRefused() throws Exception {
        byte[] archive = tarGz(good());
        assertThatThrownBy(() -> ChallengeArchive.read(archive, new ChallengeArchive.Limits(archive.length - 1, 1 << 20, 100)))
                .hasMessage("the archive is " + archive.length + " bytes: at most " + (archive.length - 1) + " are allowed");
    }

    @Test
    void anArchiveThatExpandsPastTheLimitIsRefused() throws Exception {
        Map<String, String> bomb = good();
        bomb.put("web-echo/zeros", "0".repeat(5 << 20));
        byte[] archive = tarGz(bomb);
        assertThat(archive.length).as("compresses well, as a bomb does").isLessThan(64 << 10);

        assertThatThrownBy(() -> ChallengeArchive.read(archive, new ChallengeArchive.Limits(1 << 20, 1 << 20, 100)))
                .hasMessage("the archive expands past 1048576 bytes (at 'web-echo/zeros')");
    }

    @Test
    void somethingThatIsNoArchiveIsRefused() {
        assertThatThrownBy(() -> ChallengeArchive.read("just text".getBytes(StandardCharsets.UTF_8),
                ChallengeArchive.Limits.DEFAULT)).hasMessage("the upload is neither a .tar.gz nor a .zip archive");
    }

    private static void refused(Map<String, String> files, String message) {
        assertThatThrownBy(() -> ChallengeArchive.read(tarGz(files), ChallengeArchive.Limits.DEFAULT))
                .isInstanceOf(ChallengePackageException.class).hasMessage(message);
    }

    private static void refusedYaml(String yaml, String message) {
        Map<String, String> files = good();
        files.put("web-echo/challenge.yaml", yaml);
        assertThatThrownBy(() -> ChallengeArchive.read(tarGz(files), ChallengeArchive.Limits.DEFAULT))
                .isInstanceOf(ChallengePackageException.class).hasMessageContaining(message);
    }

    static byte[] tarGz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] tarGzWithLink(String link, String target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (var file : good().entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry entry = new TarArchiveEntry(link, TarConstants.LF_SYMLINK, true);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(Map<String, String> files, Map.Entry<String, String> symlink) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
            if (symlink != null) {
                ZipArchiveEntry entry = new ZipArchiveEntry(symlink.getKey());
                entry.setUnixMode(0120777);
                zip.putArchiveEntry(entry);
                zip.write(symlink.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
