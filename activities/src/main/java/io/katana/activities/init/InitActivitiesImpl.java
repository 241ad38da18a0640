package io.katana.activities.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.katana.activities.common.ActivityErrors;
import io.katana.activities.common.Passwords;
import io.katana.activities.gitserver.GitAdminToken;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.gitserver.GitServerException;
import io.katana.activities.gitserver.GitUser;
import io.katana.activities.gitserver.InstallSettings;
import io.katana.activities.kube.Infraset;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.Labels;
import io.katana.activities.store.KatanaStore;
import io.katana.activities.store.MySql;
import io.katana.activities.store.MySqlAccounts;
import io.katana.workflows.common.Secret;
import io.katana.workflows.init.GitDatabaseSetup;
import io.katana.workflows.init.GitServerSetup;
import io.katana.workflows.init.InfrasetResult;
import io.katana.workflows.init.InitActivities;
import io.katana.workflows.init.InitResult;
import io.katana.workflows.init.MongoSetup;
import io.katana.workflows.init.RegistrySetup;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class InitActivitiesImpl implements InitActivities {

    public static final String GIT_DB_SECRET = "katana-git-db";

    private static final Logger log = LoggerFactory.getLogger(InitActivitiesImpl.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KubeObjects kube;
    private final KatanaStore store;
    private final GitServerClient git;
    private final GitAdminToken adminToken;
    private final InitSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public InitActivitiesImpl(KubeObjects kube, KatanaStore store, GitServerClient git, GitAdminToken adminToken,
            InitSettings settings) {
        this.kube = kube;
        this.store = store;
        this.git = git;
        this.adminToken = adminToken;
        this.settings = settings;
    }

    @Override
    public InfrasetResult applyInfraset() {
        String namespace = settings.adminNamespace();
        kube.apply(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(Labels.katana(namespace, "admin-namespace")).endMetadata().build());
        List<String> applied = new ArrayList<>(List.of("Namespace/" + namespace));
        if (settings.infrasetManaged()) {
            Infraset infraset = new Infraset(namespace, settings.infrasetImages());
            if (settings.mongoRootUser() == null || settings.mongoRootPassword() == null) {
                throw ApplicationFailure.newNonRetryableFailure("a managed infraset needs the MongoDB URI to carry"
                        + " the root user and password it is to start with", "InfrasetMisconfigured");
            }
            infraset.secrets(settings.mysqlPassword(), settings.mongoRootUser(), settings.mongoRootPassword())
                    .forEach(kube::createIfAbsent);
            for (HasMetadata object : infraset.objects()) {
                kube.apply(object);
                applied.add(object.getKind() + "/" + object.getMetadata().getName());
            }
        }
        return new InfrasetResult(namespace, settings.infrasetManaged(), applied);
    }

    @Override
    public void awaitInfraset() {
        if (!settings.infrasetManaged()) {
            return;
        }
        Infraset.awaitReady(kube.client(), settings.adminNamespace(),
                () -> Activity.getExecutionContext().heartbeat(null));
    }

    @Override
    public MongoSetup setUpMongo() {
        boolean created = store.ensureAdmin(settings.katanaAdminUser(), settings.katanaAdminPassword());
        List<String> indexes = store.ensureIndexes();
        return new MongoSetup(store.databaseName(), settings.katanaAdminUser(), created, indexes);
    }

    @Override
    public GitDatabaseSetup setUpGitDatabase() {
        boolean existed = kube.secretValues(settings.adminNamespace(), GIT_DB_SECRET).isPresent();
        Map<String, String> values = gitDatabaseSecret();
        try (Connection admin = MySql.connect(settings.mysqlUrl(), settings.mysqlUser(), settings.mysqlPassword(),
                TIMEOUT)) {
            MySqlAccounts.ensureDatabaseAndUser(admin, values.get("database"), values.get("user"),
                    Secret.of(values.get("password")));
        } catch (SQLException e) {
            throw Activity.wrap(e);
        }
        return new GitDatabaseSetup(values.get("database"), values.get("user"), GIT_DB_SECRET, !existed);
    }

    /** The git server's database account; its password is generated once and then kept. */
    private Map<String, String> gitDatabaseSecret() {
        return kube.secretValues(settings.adminNamespace(), GIT_DB_SECRET).orElseGet(() ->
                KubeObjects.values(kube.createIfAbsent(new SecretBuilder().withNewMetadata()
                        .withName(GIT_DB_SECRET).withNamespace(settings.adminNamespace())
                        .withLabels(Labels.katana(GIT_DB_SECRET, "credentials")).endMetadata()
                        .withType("Opaque")
                        .withStringData(Map.of(
                                "database", settings.gitDbName(),
                                "user", settings.gitDbUser(),
                                "password", Passwords.generate(32).reveal()))
                        .build())));
    }

    @Override
    public GitServerSetup setUpGitServer() {
        Map<String, String> db = kube.secretValues(settings.adminNamespace(), GIT_DB_SECRET)
                .orElseThrow(() -> ActivityErrors.notInitialised("no Secret " + GIT_DB_SECRET));
        return ActivityErrors.outside(() -> {
            boolean installedNow = git.install(new InstallSettings(settings.gitDbHost(), db.get("database"),
                    db.get("user"), Secret.of(db.get("password")), settings.gitAppName(), settings.gitAdmin(),
                    settings.gitAdminEmail(), settings.defaultBranch()));
            Secret token = validToken();
            String version = git.version(token);
            log.info("git server {} {} {}", git.flavor().id(), version, installedNow ? "installed" : "was installed");
            return new GitServerSetup(git.flavor().id(), version, installedNow, settings.gitAdmin().user(),
                    GitAdminToken.SECRET);
        });
    }

    /** The stored admin token while the server still accepts it; else a new one, stored. */
    private Secret validToken() throws IOException, InterruptedException {
        var stored = adminToken.stored();
        if (stored.isPresent()) {
            try {
                GitUser user = git.currentUser(stored.get());
                if (user.login().equals(settings.gitAdmin().user())) {
                    return stored.get();
                }
            } catch (GitServerException e) {
                if (e.status() != 401 && e.status() != 403) {
                    throw e;
                }
            }
            log.info("the stored git admin token is refused: making a new one");
        }
        Secret token = git.createToken(settings.gitAdmin(), "katana-" + System.currentTimeMillis());
        adminToken.store(settings.gitAdmin().user(), token);
        return token;
    }

    @Override
    public RegistrySetup checkRegistry() {
        URI url = URI.create("http://" + settings.registry() + "/v2/");
        return ActivityErrors.outside(() -> {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            // 401: a registry with authentication is there and answers.
            if (answer.statusCode() != 200 && answer.statusCode() != 401) {
                throw new IllegalStateException("registry at " + settings.registry() + " answered GET /v2/ with HTTP "
                        + answer.statusCode());
            }
            return new RegistrySetup(settings.registry(), true);
        });
    }

    @Override
    public void recordPlatform(InitResult result) {
        try {
            store.recordPlatform(Document.parse(JSON.writeValueAsString(result)));
        } catch (JsonProcessingException e) {
            throw Activity.wrap(e);
        }
    }
}
