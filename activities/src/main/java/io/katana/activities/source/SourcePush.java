package io.katana.activities.source;

import io.katana.activities.common.Trees;
import io.katana.activities.gitserver.GitCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** A team repo's first commit: the challenge's source, pushed as the team (JGit over HTTP). */
public final class SourcePush {

    private static final PersonIdent KATANA = new PersonIdent("Katana", "katana@katana.local");

    private SourcePush() {
    }

    /** The commit the remote branch points at, or empty when the repo has no such branch yet. */
    public static Optional<String> remoteHead(URI cloneUrl, GitCredentials account, String branch) {
        try {
            Collection<Ref> refs = Git.lsRemoteRepository().setRemote(cloneUrl.toString())
                    .setCredentialsProvider(credentials(account)).setHeads(true).call();
            return refs.stream().filter(ref -> ref.getName().equals("refs/heads/" + branch)).findFirst()
                    .map(ref -> ref.getObjectId().name());
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot read the branches of " + cloneUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * Pushes {@code source} (a folder) as the first commit of {@code branch}, unless the branch
     * exists: then the repo keeps its history (the team's patches) and its head is returned.
     */
    public static String pushInitial(URI cloneUrl, GitCredentials account, String branch, Path source,
            String message) {
        Optional<String> head = remoteHead(cloneUrl, account, branch);
        if (head.isPresent()) {
            return head.get();
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("katana-source-");
            Trees.copy(source, work);
            try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch(branch).call()) {
                git.add().addFilepattern(".").call();
                RevCommit commit = git.commit().setMessage(message).setAuthor(KATANA).setCommitter(KATANA).call();
                Iterable<PushResult> results = git.push().setRemote(cloneUrl.toString())
                        .setCredentialsProvider(credentials(account))
                        .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call();
                for (PushResult result : results) {
                    for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                        if (update.getStatus() == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
                            // Another attempt pushed first: its commit is the repo's first.
                            return remoteHead(cloneUrl, account, branch).orElseThrow();
                        }
                        if (update.getStatus() != RemoteRefUpdate.Status.OK
                                && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                            throw new IllegalStateException("push to " + cloneUrl + " was refused: "
                                    + update.getStatus() + (update.getMessage() == null ? "" : " " + update.getMessage()));
                        }
                    }
                }
                return commit.name();
            }
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot push the source to " + cloneUrl + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Trees.deleteQuietly(work);
        }
    }

    /** JGit's provider for a git login. */
    public static UsernamePasswordCredentialsProvider credentials(GitCredentials account) {
        return new UsernamePasswordCredentialsProvider(account.user(), account.password().reveal());
    }
}
