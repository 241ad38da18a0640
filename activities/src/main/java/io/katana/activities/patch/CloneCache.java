package io.katana.activities.patch;

import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.source.SourcePush;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * A build host's bare clone of each team's repo of each challenge, fetched into rather than cloned
 * again: a patch brings only its new objects over the network. One fetch at a time per clone.
 */
public final class CloneCache {

    private final Path root;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public CloneCache(Path root) {
        this.root = root;
    }

    /** Thrown when the pushed commit is not in the repo (force-pushed away, or never there). */
    public static final class MissingCommit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingCommit(String message) {
            super(message);
        }
    }

    /** Makes sure the commit is in the clone, fetching every branch when it is not. */
    public void fetch(String team, String challenge, String commit, URI cloneUrl, GitCredentials account) {
        synchronized (lock(team, challenge)) {
            try (Repository repo = open(team, challenge)) {
                if (has(repo, commit)) {
                    return;
                }
                try (Git git = new Git(repo)) {
                    git.fetch().setRemote(cloneUrl.toString())
                            .setCredentialsProvider(SourcePush.credentials(account))
                            .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).setForceUpdate(true).call();
                } catch (GitAPIException e) {
                    throw new IllegalStateException("cannot fetch " + cloneUrl + ": " + e.getMessage(), e);
                }
                if (!has(repo, commit)) {
                    throw new MissingCommit("commit " + commit + " is not in " + team + "/" + challenge
                            + " (was it force-pushed away?)");
                }
            }
        }
    }

    /** The paths the second commit adds, changes or removes against the first. */
    public Set<String> changedPaths(String team, String challenge, String from, String to) {
        try (Repository repo = open(team, challenge); RevWalk walk = new RevWalk(repo);
                DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repo);
            Set<String> paths = new TreeSet<>();
            RevCommit a = walk.parseCommit(ObjectId.fromString(from));
            RevCommit b = walk.parseCommit(ObjectId.fromString(to));
            for (DiffEntry entry : diff.scan(a.getTree(), b.getTree())) {
                if (!entry.getOldPath().equals(DiffEntry.DEV_NULL)) {
                    paths.add(entry.getOldPath());
                }
                if (!entry.getNewPath().equals(DiffEntry.DEV_NULL)) {
                    paths.add(entry.getNewPath());
                }
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The total size of the commit's files. */
    public long treeBytes(String team, String challenge, String commit) {
        long[] total = {0};
        walk(team, challenge, commit, (path, mode, id, reader) -> total[0] += reader.getObjectSize(id,
                Constants.OBJ_BLOB));
        return total[0];
    }

    /** One file of the commit, if it has it. */
    public Optional<String> file(String team, String challenge, String commit, String path) {
        try (Repository repo = open(team, challenge); RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tree = TreeWalk.forPath(repo, path, c.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                return Optional.of(new String(repo.open(tree.getObjectId(0)).getBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the commit's tree into an empty folder (executable bits and links kept). */
    public void export(String team, String challenge, String commit, Path target) {
        walk(team, challenge, commit, (path, mode, id, reader) -> {
            Path file = target.resolve(path).normalize();
            if (!file.startsWith(target)) {
                throw new IOException("entry " + path + " leaves the tree");
            }
            Files.createDirectories(file.getParent());
            byte[] content = reader.open(id).getBytes();
            if (mode == FileMode.SYMLINK) {
                Files.createSymbolicLink(file, Path.of(new String(content, java.nio.charset.StandardCharsets.UTF_8)));
            } else {
                Files.write(file, content);
                if (mode == FileMode.EXECUTABLE_FILE) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        });
    }

    interface Visitor {
        void file(String path, FileMode mode, ObjectId id, ObjectReader reader) throws IOException;
    }

    private void walk(String team, String challenge, String commit, Visitor visitor) {
        try (Repository repo = open(team, challenge); RevWalk walk = new RevWalk(repo);
                TreeWalk tree = new TreeWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    continue;
                }
                visitor.file(tree.getPathString(), mode, tree.getObjectId(0), reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean has(Repository repo, String commit) {
        try {
            return repo.getObjectDatabase().has(ObjectId.fromString(commit));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Repository open(String team, String challenge) {
        Path dir = root.resolve(team).resolve(challenge + ".git");
        try {
            Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (!Files.exists(dir.resolve("HEAD"))) {
                Files.createDirectories(dir);
                repo.create(true);
            }
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object lock(String team, String challenge) {
        return locks.computeIfAbsent(team + "/" + challenge, key -> new Object());
    }
}
