package io.katana.activities.patch;

import io.katana.activities.challenge.ImageBuilder;
import io.katana.activities.common.Trees;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.store.PatchStore;
import io.katana.activities.team.TeamAccounts;
import io.katana.workflows.patch.BuildActivities;
import io.katana.workflows.patch.PatchStatus;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

public class BuildActivitiesImpl implements BuildActivities {

    public static final String REFUSED = "PatchRefused";
    public static final String BUILD_FAILED = "BuildFailed";

    private final KubeObjects kube;
    private final GitServerClient git;
    private final CloneCache clones;
    private final ImageBuilder images;
    private final PatchStore patches;
    private final PatchSettings settings;
    private final Stages stages;

    public BuildActivitiesImpl(KubeObjects kube, GitServerClient git, CloneCache clones, ImageBuilder images,
            PatchStore patches, PatchSettings settings, PatchMeters meters) {
        this.kube = kube;
        this.git = git;
        this.clones = clones;
        this.images = images;
        this.patches = patches;
        this.settings = settings;
        this.stages = new Stages(patches, meters);
    }

    @Override
    public void fetch(String patchId, String team, String challenge, String commit) {
        stages.timed(patchId, "fetch", PatchStatus.FETCHING, () -> {
            ensureFetched(team, challenge, commit);
            return null;
        });
    }

    private void ensureFetched(String team, String challenge, String commit) {
        try {
            clones.fetch(team, challenge, commit, git.cloneUrl(team, challenge), TeamAccounts.git(kube, team));
        } catch (CloneCache.MissingCommit e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), REFUSED);
        }
    }

    @Override
    public void check(String patchId, String team, String challenge, String commit, String liveCommit) {
        stages.timed(patchId, "check", PatchStatus.CHECKING, () -> {
            ensureFetched(team, challenge, commit);
            ensureFetched(team, challenge, liveCommit);
            long bytes = clones.treeBytes(team, challenge, commit);
            if (bytes > settings.maxTreeBytes()) {
                throw ApplicationFailure.newNonRetryableFailure("the patched tree holds " + bytes
                        + " bytes, over the limit of " + settings.maxTreeBytes(), REFUSED);
            }
            List<String> rules = PatchRules.protectedPaths(
                    clones.file(team, challenge, liveCommit, "challenge.yaml").orElse(null));
            Set<String> hits = PatchRules.violations(clones.changedPaths(team, challenge, liveCommit, commit), rules);
            if (!hits.isEmpty()) {
                throw ApplicationFailure.newNonRetryableFailure("the patch changes protected "
                        + (hits.size() == 1 ? "path " : "paths ") + String.join(", ", hits)
                        + " (protected: " + String.join(", ", rules) + ")", REFUSED);
            }
            return null;
        });
    }

    @Override
    public String buildAndPush(String patchId, String team, String challenge, String commit) {
        var context = Activity.getExecutionContext();
        Runnable heartbeat = () -> context.heartbeat(null);
        String repository = settings.repository(team, challenge);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("katana-patch-");
            Path source = dir;
            stages.timed(patchId, "build", PatchStatus.BUILDING, () -> {
                // A fresh build host's first fetch (connections, a cold JVM) can outlast the
                // heartbeat timeout: beat from beside it until the build beats on its own.
                try (Ticker ticker = new Ticker(heartbeat)) {
                    ensureFetched(team, challenge, commit);
                    clones.export(team, challenge, commit, source);
                }
                try {
                    return images.build(source, repository, commit, settings.buildLimits(), heartbeat);
                } catch (ImageBuilder.BuildFailed e) {
                    throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), BUILD_FAILED);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Activity.wrap(e);
                }
            });
            String digest = stages.timed(patchId, "push", PatchStatus.BUILDING, () -> {
                try {
                    return images.push(repository, commit, heartbeat);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Activity.wrap(e);
                }
            });
            String image = repository + "@" + digest;
            patches.built(patchId, image);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Trees.deleteQuietly(dir);
        }
    }

    /** Heartbeats every second from a thread of its own while open. */
    private static final class Ticker implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "katana-build-heartbeat");
                    thread.setDaemon(true);
                    return thread;
                });

        Ticker(Runnable heartbeat) {
            heartbeat.run();
            timer.scheduleAtFixedRate(() -> {
                try {
                    heartbeat.run();
                } catch (RuntimeException cancelled) {
                    // Seen again by the build's own heartbeat on the activity thread.
                }
            }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
