package io.katana.activities.challenge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads an uploaded challenge package ({@code .tar.gz} or {@code .zip}, told apart by content)
 * and refuses, with the reason, anything Katana must not unpack: an entry that escapes the top
 * folder (a {@code ..}, an absolute path, a link pointing outside), more than one top folder, a
 * special file, an archive too large or one that expands past the limit (a bomb), a missing
 * Dockerfile or challenge.yaml, or a challenge.yaml that does not describe a challenge.
 * Sizes are counted on the bytes actually read, never on what the headers claim.
 */
public final class ChallengeArchive {

    public static final String DOCKERFILE = "Dockerfile";
    public static final String CHALLENGE_YAML = "challenge.yaml";

    /** Bounds of one package. */
    public record Limits(long maxArchiveBytes, long maxExpandedBytes, int maxEntries) {

        public static final Limits DEFAULT = new Limits(20L << 20, 100L << 20, 5000);
    }

    private ChallengeArchive() {
    }

    /** What extraction does with each checked entry; paths are relative to the top folder. */
    interface Sink {
        void file(String path, byte[] content, int mode) throws IOException;

        void link(String path, String target) throws IOException;
    }

    public static ChallengePackage read(byte[] archive, Limits limits) {
        return read(archive, limits, null);
    }

    /**
     * Checks the archive as {@link #read} does and writes its top folder's content into
     * {@code target}: regular files with their permission bits, links (all inside, by then).
     */
    public static ChallengePackage extract(byte[] archive, Limits limits, Path target) {
        return read(archive, limits, new Sink() {
            @Override
            public void file(String path, byte[] content, int mode) throws IOException {
                Path file = target.resolve(path).normalize();
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.write(file, content);
                if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    java.nio.file.Files.setPosixFilePermissions(file, permissions(mode == 0 ? 0644 : mode));
                }
            }

            @Override
            public void link(String path, String linkTarget) throws IOException {
                Path link = target.resolve(path).normalize();
                java.nio.file.Files.createDirectories(link.getParent());
                java.nio.file.Files.createSymbolicLink(link, Path.of(linkTarget));
            }
        });
    }

    private static Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        Set<java.nio.file.attribute.PosixFilePermission> permissions =
                java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
        java.nio.file.attribute.PosixFilePermission[] bits = java.nio.file.attribute.PosixFilePermission.values();
        // values() runs OWNER_READ .. OTHERS_EXECUTE, i.e. from bit 8 down to bit 0.
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static ChallengePackage read(byte[] archive, Limits limits, Sink sink) {
        if (archive.length == 0) {
            throw refuse("the archive is empty");
        }
        if (archive.length > limits.maxArchiveBytes()) {
            throw refuse("the archive is " + archive.length + " bytes: at most " + limits.maxArchiveBytes()
                    + " are allowed");
        }
        Reader reader = new Reader(limits, sink);
        try {
            if (isGzip(archive)) {
                reader.readTar(archive);
            } else if (isZip(archive)) {
                reader.readZip(archive);
            } else {
                throw refuse("the upload is neither a .tar.gz nor a .zip archive");
            }
        } catch (IOException e) {
            throw refuse("the archive cannot be read: " + e.getMessage());
        }
        return reader.finish(sha256(archive));
    }

    private static final class Reader {
        private final Limits limits;
        private final Set<String> tops = new LinkedHashSet<>();
        private final List<String> files = new ArrayList<>();
        private long expanded;
        private int entries;
        private String dockerfile;
        private String challengeYaml;
        private final Sink sink;

        Reader(Limits limits, Sink sink) {
            this.limits = limits;
            this.sink = sink;
        }

        void readTar(byte[] archive) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new GzipCompressorInputStream(new ByteArrayInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String path = entry(entry.getName(), entry.isDirectory());
                    if (entry.isSymbolicLink() || entry.isLink()) {
                        link(path, entry.getLinkName(), entry.isLink());
                        if (sink != null && entry.isSymbolicLink()) {
                            sink.link(relative(path), entry.getLinkName());
                        }
                    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                        throw refuse("'" + entry.getName() + "' is a special file (device or pipe)");
                    } else if (entry.isFile()) {
                        file(path, tar, entry.getMode() & 0777);
                    }
                }
            }
        }

        void readZip(byte[] archive) throws IOException {
            // The central directory carries the entries' modes (and so the links): read it, not the stream.
            try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive))
                    .get()) {
                Enumeration<ZipArchiveEntry> all = zip.getEntries();
                while (all.hasMoreElements()) {
                    ZipArchiveEntry entry = all.nextElement();
                    String path = entry(entry.getName(), entry.isDirectory());
                    if (entry.isUnixSymlink()) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            String target = new String(bounded(in, 4096, entry.getName()), StandardCharsets.UTF_8);
                            link(path, target, false);
                            if (sink != null) {
                                sink.link(relative(path), target);
                            }
                        }
                    } else if (!entry.isDirectory()) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            file(path, in, entry.getUnixMode() & 0777);
                        }
                    }
                }
            }
        }

        /** The entry's path without a leading ./, checked to stay below one top folder. */
        private String entry(String raw, boolean directory) {
            if (++entries > limits.maxEntries()) {
                throw refuse("the archive holds more than " + limits.maxEntries() + " entries");
            }
            String name = raw;
            while (name.startsWith("./")) {
                name = name.substring(2);
            }
            if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
                throw refuse("'" + raw + "' is an absolute path");
            }
            if (name.contains("\\")) {
                throw refuse("'" + raw + "' contains a backslash");
            }
            String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            for (String segment : trimmed.split("/")) {
                if (segment.equals("..")) {
                    throw refuse("'" + raw + "' escapes the top folder (..)");
                }
            }
            if (trimmed.isEmpty() || trimmed.equals(".")) {
                return "";
            }
            int slash = trimmed.indexOf('/');
            if (slash < 0 && !directory) {
                throw refuse("'" + raw + "' lies outside the top folder: the package must hold one folder with"
                        + " everything in it");
            }
            tops.add(slash < 0 ? trimmed : trimmed.substring(0, slash));
            if (tops.size() > 1) {
                throw refuse("the archive has more than one top folder: " + String.join(", ", tops));
            }
            return trimmed;
        }

        private void link(String path, String target, boolean hard) {
            if (target.startsWith("/")) {
                throw refuse("link '" + path + "' points to the absolute path " + target);
            }
            Path base = hard ? Path.of("") : Path.of(path).getParent();
            Path resolved = (base == null ? Path.of(target) : base.resolve(target)).normalize();
            String top = tops.iterator().next();
            if (resolved.startsWith("..") || !resolved.startsWith(top)) {
                throw refuse("link '" + path + "' points outside the top folder (" + target + ")");
            }
        }

        private static String relative(String path) {
            return path.substring(path.indexOf('/') + 1);
        }

        private void file(String path, InputStream content, int mode) throws IOException {
            byte[] bytes = bounded(content, limits.maxExpandedBytes() - expanded, path);
            expanded += bytes.length;
            String relative = relative(path);
            files.add(relative);
            if (sink != null) {
                sink.file(relative, bytes, mode);
            }
            if (relative.equals(DOCKERFILE)) {
                dockerfile = new String(bytes, StandardCharsets.UTF_8);
            } else if (relative.equals(CHALLENGE_YAML)) {
                challengeYaml = new String(bytes, StandardCharsets.UTF_8);
            }
        }

        /** At most {@code budget} bytes: one more and the archive is a bomb as far as Katana is concerned. */
        private byte[] bounded(InputStream in, long budget, String what) throws IOException {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, budget) + 1));
            if (bytes.length > budget) {
                throw refuse("the archive expands past " + limits.maxExpandedBytes() + " bytes (at '" + what + "')");
            }
            return bytes;
        }

        ChallengePackage finish(String sha256) {
            if (tops.isEmpty()) {
                throw refuse("the archive holds no folder");
            }
            String top = tops.iterator().next();
            if (dockerfile == null) {
                throw refuse("the package has no " + DOCKERFILE + " in its top folder '" + top + "'");
            }
            if (challengeYaml == null) {
                throw refuse("the package has no " + CHALLENGE_YAML + " in its top folder '" + top + "'");
            }
            return new ChallengePackage(top, sha256, ChallengeYaml.parse(challengeYaml), files, expanded);
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    private static boolean isZip(byte[] bytes) {
        return bytes.length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    private static ChallengePackageException refuse(String reason) {
        return new ChallengePackageException(reason);
    }
}
