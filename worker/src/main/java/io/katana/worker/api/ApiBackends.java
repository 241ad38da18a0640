package io.katana.worker.api;

import com.mongodb.client.MongoClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.katana.activities.challenge.ChallengeArchive;
import io.katana.activities.kube.KubeClients;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.store.ArchiveStore;
import io.katana.activities.store.CopyStore;
import io.katana.activities.store.KatanaStore;
import io.katana.activities.store.Mongo;
import io.katana.activities.store.PatchStore;
import io.katana.api.AdminServices;
import io.katana.api.teams.CredentialsInSecrets;
import io.katana.api.teams.TeamCredentials;
import io.katana.api.teams.TeamDirectory;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.TeamRecord;
import io.katana.worker.config.KatanaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API reads besides Temporal: the teams from MongoDB and, for the organiser, a team's
 * logins from its namespace's Secrets (the only Kubernetes read the API makes). Without a
 * kubeconfig (the in-cluster API, whose ServiceAccount has no rights) it makes no Kubernetes call
 * at all: the credentials route then says where the Secrets are.
 */
public final class ApiBackends implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MongoClient mongo;
    /** Null when the API runs without Kubernetes access. */
    private final KubernetesClient kube;
    private final AdminServices services;

    private ApiBackends(MongoClient mongo, KubernetesClient kube, AdminServices services) {
        this.mongo = mongo;
        this.kube = kube;
        this.services = services;
    }

    public static ApiBackends create(KatanaConfig config) {
        MongoClient mongo = Mongo.connect(config.mongoUri(), TIMEOUT);
        KubernetesClient kube = config.kubeconfig().map(file -> KubeClients.fromKubeconfig(file, TIMEOUT, 0))
                .orElse(null);
        KatanaStore store = new KatanaStore(mongo.getDatabase(config.mongoDatabase()));
        TeamDirectory teams = new TeamDirectory() {
            @Override
            public List<TeamRecord> list() {
                return store.teams();
            }

            @Override
            public Optional<TeamRecord> find(String name) {
                return store.team(name);
            }
        };
        TeamCredentials credentials = kube == null
                ? new CredentialsInSecrets(TeamObjects::namespace, TeamObjects.CREDENTIALS_SECRET, TeamObjects.SSH_SECRET)
                : secretsOf(new KubeObjects(kube));
        var db = mongo.getDatabase(config.mongoDatabase());
        StoredChallenges challenges = new StoredChallenges(new ArchiveStore(db), new CopyStore(db),
                ChallengeArchive.Limits.DEFAULT);
        AdminServices services = new AdminServices(config.taskQueue(), config.temporalNamespace(),
                config.temporalUiUrl(), config.platform().gitPodUrl(), config.platform().teamConcurrency(),
                teams, credentials, challenges, new StoredPatches(new PatchStore(db), new CopyStore(db)),
                config.platform().defaultBranch(), config.pipeline().maxWebhookBytes());
        return new ApiBackends(mongo, kube, services);
    }

    private static TeamCredentials secretsOf(KubeObjects objects) {
        return team -> {
            String namespace = TeamObjects.namespace(team);
            Optional<Map<String, String>> git = objects.secretValues(namespace, TeamObjects.CREDENTIALS_SECRET);
            if (git.isEmpty()) {
                return Optional.empty();
            }
            String key = objects.secretValues(namespace, TeamObjects.SSH_SECRET)
                    .map(values -> values.get("id_ed25519")).orElse(null);
            return Optional.of(new TeamCredentials.Credentials(git.get().get("username"),
                    Secret.of(git.get().get("password")), key == null ? null : Secret.of(key)));
        };
    }

    public AdminServices services() {
        return services;
    }

    @Override
    public void close() {
        if (kube != null) {
            kube.close();
        }
        mongo.close();
    }
}
