package io.katana.activities.challenge;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.katana.activities.common.ActivityErrors;
import io.katana.activities.common.Passwords;
import io.katana.activities.common.Trees;
import io.katana.activities.gitserver.GitAdminToken;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.kube.ChallengeObjects;
import io.katana.activities.kube.DeploymentWatch;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.Labels;
import io.katana.activities.kube.PodStates;
import io.katana.activities.kube.Readiness;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.source.SourcePush;
import io.katana.activities.store.ArchiveStore;
import io.katana.activities.store.CopyStore;
import io.katana.activities.store.KatanaStore;
import io.katana.activities.team.TeamAccounts;
import io.katana.workflows.challenge.BuiltImage;
import io.katana.workflows.challenge.ChallengeActivities;
import io.katana.workflows.challenge.ChallengeSpec;
import io.katana.workflows.challenge.TeamCopy;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.TeamRecord;
import io.katana.workflows.team.TeamState;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

public class ChallengeActivitiesImpl implements ChallengeActivities {

    public static final String BUILD_FAILED = "BuildFailed";
    public static final String PACKAGE_REFUSED = "ChallengePackageRefused";
    /** What a package's k8s/ folder may hold: namespaced objects of the team's own service. */
    static final Set<String> EXTRA_KINDS = Set.of("ConfigMap", "Secret", "Service", "Deployment", "StatefulSet",
            "Job", "CronJob", "PersistentVolumeClaim");
    /** On the master pod: which challenge list it was last told about. */
    static final String CHALLENGES_ANNOTATION = "katana.io/challenges";
    private static final Duration ROLLOUT_DEADLINE = Duration.ofMinutes(5);
    private static final Duration STUCK_GRACE = Duration.ofSeconds(45);

    private final KubeObjects kube;
    private final KatanaStore store;
    private final ArchiveStore archives;
    private final CopyStore copies;
    private final GitServerClient git;
    private final GitAdminToken adminToken;
    private final ImageBuilder images;
    private final ChallengeSettings settings;

    public ChallengeActivitiesImpl(KubeObjects kube, KatanaStore store, ArchiveStore archives, CopyStore copies,
            GitServerClient git, GitAdminToken adminToken, ImageBuilder images, ChallengeSettings settings) {
        this.kube = kube;
        this.store = store;
        this.archives = archives;
        this.copies = copies;
        this.git = git;
        this.adminToken = adminToken;
        this.images = images;
        this.settings = settings;
    }

    @Override
    public BuiltImage buildImage(String challenge, String archiveSha256) {
        String repository = settings.registry() + "/katana/" + challenge;
        String tag = archiveSha256.substring(0, 12);
        // Taken here, on the activity's thread: docker-java reports progress on threads of its own.
        var context = Activity.getExecutionContext();
        return unpacked(archiveSha256, dir -> {
            try {
                String digest = images.buildAndPush(dir, repository, tag, () -> context.heartbeat(null));
                return new BuiltImage(repository + "@" + digest, tag);
            } catch (ImageBuilder.BuildFailed e) {
                throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), BUILD_FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Activity.wrap(e);
            }
        });
    }

    @Override
    public List<String> readyTeams() {
        return store.teams().stream().filter(t -> t.state() == TeamState.READY).map(TeamRecord::name).toList();
    }

    @Override
    public String ensureRepo(String team, String challenge, String archiveSha256) {
        GitCredentials account = TeamAccounts.git(kube, team);
        ActivityErrors.outside(() -> git.ensureRepo(adminToken.get(), team, challenge, settings.defaultBranch()));
        return unpacked(archiveSha256, dir -> SourcePush.pushInitial(git.cloneUrl(team, challenge), account,
                settings.defaultBranch(), dir, challenge + ": the source as broadcast"));
    }

    @Override
    public long ensureWebhook(String team, String challenge) {
        String url = settings.webhookFor(team, challenge);
        boolean known = copies.webhookSecret(team, challenge).isPresent();
        Secret secret = copies.keepWebhookSecret(team, challenge, Passwords.generate(40));
        return ActivityErrors.outside(() -> {
            Secret token = adminToken.get();
            // Hooks of Katana's to an earlier URL (another API address) would fail every delivery.
            String path = "/hooks/git/" + team + "/" + challenge;
            for (long stale : git.hooks(token, team, challenge, other -> !other.equals(url) && other.endsWith(path))) {
                git.deleteHook(token, team, challenge, stale);
            }
            List<Long> hooks = git.hooksTo(token, team, challenge, url);
            if (known && hooks.size() == 1) {
                return hooks.get(0);
            }
            // Unknown secret or duplicates: start over with the secret Katana holds.
            for (long id : hooks) {
                git.deleteHook(token, team, challenge, id);
            }
            return git.createPushHook(token, team, challenge, url, secret);
        });
    }

    @Override
    public void applyObjects(String team, ChallengeSpec spec, String archiveSha256, String image, String commit) {
        kube.apply(ChallengeObjects.service(team, spec));
        kube.apply(ChallengeObjects.deployment(team, spec, image, commit, settings.tolerateKwok()));
        unpacked(archiveSha256, dir -> {
            extras(team, spec.name(), dir.resolve("k8s")).forEach(kube::apply);
            return null;
        });
    }

    /** The manifests of the package's k8s/ folder, placed in the team namespace and labelled. */
    static List<HasMetadata> extras(String team, String challenge, Path folder) {
        List<HasMetadata> objects = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return objects;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (document.isBlank()) {
                        continue;
                    }
                    HasMetadata object = Serialization.unmarshal(document, HasMetadata.class);
                    if (!EXTRA_KINDS.contains(object.getKind())) {
                        throw ApplicationFailure.newNonRetryableFailure("k8s/" + file.getFileName() + ": kind "
                                + object.getKind() + " is not allowed in a team namespace (allowed: " + EXTRA_KINDS + ")",
                                PACKAGE_REFUSED);
                    }
                    object.getMetadata().setNamespace(TeamObjects.namespace(team));
                    Map<String, String> labels = new LinkedHashMap<>(object.getMetadata().getLabels() == null
                            ? Map.of() : object.getMetadata().getLabels());
                    labels.putAll(Labels.team(team, object.getMetadata().getName(), "challenge-extra"));
                    labels.put(Labels.CHALLENGE, challenge);
                    object.getMetadata().setLabels(labels);
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    @Override
    public void syncMasterPod(String team, String challenge) {
        String namespace = TeamObjects.namespace(team);
        ConfigMap list = kube.createIfAbsent(TeamObjects.challenges(team));
        String tsv = list.getData() == null ? "" : list.getData().getOrDefault(TeamObjects.CHALLENGES_FILE, "");
        String line = challenge + "\t" + settings.podCloneUrl(team, challenge) + "\t" + settings.defaultBranch();
        if (tsv.lines().anyMatch(line::equals)) {
            return;
        }
        StringBuilder updated = new StringBuilder();
        tsv.lines().filter(l -> !l.startsWith(challenge + "\t")).forEach(l -> updated.append(l).append('\n'));
        updated.append(line).append('\n');
        Map<String, String> data = new LinkedHashMap<>(list.getData() == null ? Map.of() : list.getData());
        data.put(TeamObjects.CHALLENGES_FILE, updated.toString());
        list.setData(data);
        // An update with the resourceVersion read: a concurrent change (another challenge) makes it
        // fail with 409, and the retry reads the list again.
        kube.client().configMaps().inNamespace(namespace).resource(list).update();
        // The kubelet refreshes a mounted ConfigMap on its periodic sync (about a minute); a change
        // to the pod's own metadata makes it sync that pod now, without restarting it.
        var pod = kube.client().pods().inNamespace(namespace).withName(TeamObjects.MASTER_POD);
        if (pod.get() != null) {
            pod.edit(current -> new io.fabric8.kubernetes.api.model.PodBuilder(current).editMetadata()
                    .addToAnnotations(CHALLENGES_ANNOTATION, Integer.toHexString(updated.toString().hashCode()))
                    .endMetadata().build());
        }
    }

    @Override
    public void awaitReady(String team, String challenge) {
        String namespace = TeamObjects.namespace(team);
        var context = Activity.getExecutionContext();
        Readiness.await("challenge " + challenge + " of team " + team, ROLLOUT_DEADLINE, STUCK_GRACE,
                () -> context.heartbeat(null),
                () -> DeploymentWatch.available(kube.client().apps().deployments().inNamespace(namespace).withName(challenge).get()),
                () -> kube.client().pods().inNamespace(namespace).withLabel(Labels.CHALLENGE, challenge).list()
                        .getItems().stream().map(PodStates::stuckReason).filter(reason -> reason != null)
                        .findFirst().orElse(null));
    }

    @Override
    public void recordCopy(String challenge, String version, TeamCopy copy) {
        copies.recordReady(challenge, version, copy);
    }

    @Override
    public void recordCopyFailed(String challenge, String version, String team, String reason) {
        copies.recordFailed(challenge, version, team, reason);
    }

    /** Runs {@code work} on the stored archive unpacked into a temporary folder, removed afterwards. */
    private <T> T unpacked(String archiveSha256, Function<Path, T> work) {
        byte[] archive = archives.get(archiveSha256).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "no stored challenge archive " + archiveSha256, PACKAGE_REFUSED));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("katana-challenge-");
            try {
                ChallengeArchive.extract(archive, settings.limits(), dir);
            } catch (ChallengePackageException e) {
                throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), PACKAGE_REFUSED);
            }
            return work.apply(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Trees.deleteQuietly(dir);
        }
    }
}
