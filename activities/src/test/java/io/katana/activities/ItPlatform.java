package io.katana.activities;

import com.mongodb.client.MongoClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.katana.activities.gitserver.GitAdminToken;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.gitserver.GitFlavor;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.init.InitActivitiesImpl;
import io.katana.activities.init.InitSettings;
import io.katana.activities.kube.KubeClients;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.store.KatanaStore;
import io.katana.activities.store.Mongo;
import io.katana.activities.team.TeamActivitiesImpl;
import io.katana.activities.team.TeamSettings;
import io.katana.workflows.common.Secret;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The real activities wired to the test bed's servers, as the worker wires them. */
public final class ItPlatform implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    public final KubernetesClient kube = KubeClients.fromKubeconfig(Path.of(TestBed.env("KATANA_KUBECONFIG")),
            TIMEOUT, 0);
    public final MongoClient mongo = Mongo.connect(Secret.of(TestBed.env("KATANA_MONGODB_URI")), TIMEOUT);
    public final KubeObjects objects = new KubeObjects(kube);
    public final KatanaStore store = new KatanaStore(mongo.getDatabase(TestBed.env("KATANA_MONGODB_DATABASE")));
    public final GitServerClient git = new GitServerClient(URI.create(TestBed.env("KATANA_GIT_URL")),
            GitFlavor.parse(TestBed.env("KATANA_GIT_FLAVOR")).orElseThrow(), TIMEOUT);
    public final String adminNamespace = TestBed.env("KATANA_ADMIN_NAMESPACE");
    public final GitAdminToken adminToken = new GitAdminToken(objects, adminNamespace);
    public final GitCredentials gitAdmin = new GitCredentials(TestBed.env("KATANA_GIT_ADMIN_USER"),
            Secret.of(TestBed.env("KATANA_GIT_ADMIN_PASSWORD")));
    public final InitSettings initSettings = new InitSettings(adminNamespace, false, Map.of(), "admin",
            Secret.of(TestBed.env("KATANA_ADMIN_TOKEN")), TestBed.env("KATANA_MYSQL_URL"),
            TestBed.env("KATANA_MYSQL_USER"), Secret.of(TestBed.env("KATANA_MYSQL_PASSWORD")),
            TestBed.env("KATANA_GIT_DB_HOST"), "gitea", "gitea", gitAdmin, gitAdmin.user() + "@katana.local",
            "Katana git", "main", TestBed.env("KATANA_REGISTRY"), null, null);
    public final TeamSettings teamSettings = new TeamSettings(adminNamespace, TestBed.env("KATANA_MASTER_IMAGE"),
            URI.create(TestBed.env("KATANA_GIT_URL")), TestBed.env("KATANA_GIT_ADMIN_USER"));

    public InitActivitiesImpl init() {
        return new InitActivitiesImpl(objects, store, git, adminToken, initSettings);
    }

    public TeamActivitiesImpl teams() {
        return new TeamActivitiesImpl(objects, store, git, adminToken, teamSettings);
    }

    /** What InitWorkflow does before anything needs the git server: namespace, database, install. */
    public void initialise() {
        InitActivitiesImpl init = init();
        init.applyInfraset();
        init.setUpGitDatabase();
        init.setUpGitServer();
    }

    @Override
    public void close() {
        kube.close();
        mongo.close();
    }
}
