package io.katana.worker.temporal;

import com.github.dockerjava.api.DockerClient;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.katana.activities.challenge.ChallengeActivitiesImpl;
import io.katana.activities.challenge.ChallengeArchive;
import io.katana.activities.challenge.ChallengeSettings;
import io.katana.activities.challenge.ImageBuilder;
import io.katana.activities.images.DockerClients;
import io.katana.activities.store.ArchiveStore;
import io.katana.activities.store.CopyStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.katana.activities.gitserver.GitAdminToken;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.init.InitActivitiesImpl;
import io.katana.activities.init.InitSettings;
import io.katana.activities.kube.KubeClients;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.ping.PingActivitiesImpl;
import io.katana.activities.store.KatanaStore;
import io.katana.activities.store.Mongo;
import io.katana.activities.team.TeamActivitiesImpl;
import io.katana.activities.team.TeamSettings;
import io.katana.activities.kube.DeploymentWatch;
import io.katana.activities.patch.BuildActivitiesImpl;
import io.katana.activities.patch.CloneCache;
import io.katana.activities.patch.PatchActivitiesImpl;
import io.katana.activities.patch.PatchMeters;
import io.katana.activities.patch.PatchSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.katana.activities.store.PatchStore;
import io.katana.worker.config.KatanaConfig;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;

/**
 * The activity implementations of the orchestration queue with the clients they share. The
 * clients connect lazily, so building this never fails because a dependency is down: the
 * activities fail, and Temporal retries them.
 */
public final class WorkerActivities implements AutoCloseable {

    /** One call to an outside system; the activity profiles bound whole attempts. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** A build streams for minutes: the one call whose answer may take that long. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private final KubernetesClient kube;
    private final MongoClient mongo;
    private final DockerClient docker;
    private final DeploymentWatch watch;
    private final List<Object> implementations;
    private final List<Object> buildImplementations;

    private WorkerActivities(KubernetesClient kube, MongoClient mongo, DockerClient docker, DeploymentWatch watch,
            List<Object> implementations, List<Object> buildImplementations) {
        this.kube = kube;
        this.mongo = mongo;
        this.docker = docker;
        this.watch = watch;
        this.implementations = implementations;
        this.buildImplementations = buildImplementations;
    }

    /** @param temporal the client a patch uses to cancel the older patches it supersedes */
    public static WorkerActivities create(KatanaConfig config, WorkflowClient temporal, MeterRegistry meters) {
        KubernetesClient kube = KubeClients.fromKubeconfig(config.kubeconfig(), CALL_TIMEOUT, 0);
        MongoClient mongo = Mongo.connect(config.mongoUri(), Duration.ofSeconds(10));
        KubeObjects objects = new KubeObjects(kube);
        KatanaStore store = new KatanaStore(mongo.getDatabase(config.mongoDatabase()));
        GitServerClient git = new GitServerClient(config.gitUrl(), config.gitFlavor(), CALL_TIMEOUT);
        KatanaConfig.Platform platform = config.platform();
        GitAdminToken token = new GitAdminToken(objects, platform.adminNamespace());
        GitCredentials gitAdmin = new GitCredentials(config.gitAdminUser(), config.gitAdminPassword());
        InitSettings init = new InitSettings(platform.adminNamespace(), platform.infrasetManaged(),
                platform.infrasetImages(), platform.adminUser(), config.adminToken(), config.mysqlUrl(),
                config.mysqlUser(), config.mysqlPassword(), platform.gitDbHost(), platform.gitDbName(),
                platform.gitDbUser(), gitAdmin, config.gitAdminUser() + "@katana.local", "Katana git",
                platform.defaultBranch(), config.registry().toString(), Mongo.user(config.mongoUri()).orElse(null),
                Mongo.password(config.mongoUri()).orElse(null));
        TeamSettings teams = new TeamSettings(platform.adminNamespace(), platform.masterImage(), platform.gitPodUrl(),
                config.gitAdminUser());
        DockerClient docker = DockerClients.create(config.dockerHost(), Duration.ofSeconds(10), BUILD_TIMEOUT);
        MongoDatabase db = mongo.getDatabase(config.mongoDatabase());
        ChallengeSettings challenges = new ChallengeSettings(config.registry().toString(), platform.webhookUrl(),
                platform.gitPodUrl(), platform.defaultBranch(), platform.challengesTolerateKwok(),
                ChallengeArchive.Limits.DEFAULT);
        KatanaConfig.Pipeline pipeline = config.pipeline();
        PatchSettings patching = new PatchSettings(config.registry().toString(), platform.defaultBranch(),
                pipeline.cloneCache(), pipeline.rolloutDeadline(), new ImageBuilder.Limits(pipeline.buildCpuset(),
                        pipeline.buildMemoryBytes(), pipeline.buildTimeout()), pipeline.maxTreeBytes());
        CopyStore copies = new CopyStore(db);
        PatchStore patches = new PatchStore(db);
        ImageBuilder images = new ImageBuilder(docker);
        DeploymentWatch watch = new DeploymentWatch(kube);
        PatchMeters patchMeters = new PatchMeters(meters);
        return new WorkerActivities(kube, mongo, docker, watch, List.of(
                new PingActivitiesImpl(),
                new InitActivitiesImpl(objects, store, git, token, init),
                new TeamActivitiesImpl(objects, store, git, token, teams),
                new ChallengeActivitiesImpl(objects, store, new ArchiveStore(db), copies, git, token, images,
                        challenges),
                new PatchActivitiesImpl(objects, watch, patches, copies, temporal, git, token, patching,
                        patchMeters)),
                List.of(new BuildActivitiesImpl(objects, git, new CloneCache(pipeline.cloneCache()), images, patches,
                        patching, patchMeters)));
    }

    /** The activities of the orchestration queue. */
    public List<Object> implementations() {
        return implementations;
    }

    /** The activities of the build queue. */
    public List<Object> buildImplementations() {
        return buildImplementations;
    }

    @Override
    public void close() {
        watch.close();
        kube.close();
        mongo.close();
        try {
            docker.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
