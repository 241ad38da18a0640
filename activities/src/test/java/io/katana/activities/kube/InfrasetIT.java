package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.katana.activities.ItPlatform;
import io.katana.activities.gitserver.GitFlavor;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.gitserver.InstallState;
import io.katana.activities.init.InitActivitiesImpl;
import io.katana.activities.init.InitSettings;
import io.katana.activities.store.Mongo;
import io.katana.activities.store.MySql;
import io.katana.workflows.common.Secret;
import io.katana.workflows.init.InfrasetResult;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The infraset of deploy/infraset applied by the init step to the test bed's cluster, in a
 * namespace of its own: every object appears, every workload becomes Ready on the real node, and
 * each service answers through its Service with the credentials Katana configured. Images are
 * the test bed's stand-ins for the official ones (deploy/testbed/standins/README.md); volumes are
 * host folders, since the test bed has no storage provisioner.
 */
class InfrasetIT {

    private static final String NAMESPACE = "katana-infraset-it";
    private static final List<String> WORKLOADS = List.of("mysql", "mongodb", "gogs", "registry");
    private static final Secret MYSQL_ROOT = Secret.of("it-mysql-root-pw-123");
    private static final Secret MONGO_ROOT = Secret.of("it-mongo-root-pw-123");

    private static ItPlatform platform;
    private static InfrasetResult applied;

    @BeforeAll
    static void apply() {
        platform = new ItPlatform();
        WORKLOADS.forEach(InfrasetIT::hostVolume);
        InitSettings base = platform.initSettings;
        InitSettings managed = new InitSettings(NAMESPACE, true, images(), base.katanaAdminUser(),
                base.katanaAdminPassword(), base.mysqlUrl(), "root", MYSQL_ROOT, base.gitDbHost(), base.gitDbName(),
                base.gitDbUser(), base.gitAdmin(), base.gitAdminEmail(), base.gitAppName(), base.defaultBranch(),
                base.registry(), "katana-root", MONGO_ROOT);
        InitActivitiesImpl init = new InitActivitiesImpl(platform.objects, platform.store, platform.git,
                platform.adminToken, managed);
        applied = init.applyInfraset();
        Infraset.awaitReady(platform.kube, NAMESPACE, () -> { });
    }

    @AfterAll
    static void close() {
        platform.close();
    }

    private static Map<String, String> images() {
        Map<String, String> images = new LinkedHashMap<>();
        for (String pair : TestBed.env("KATANA_TESTBED_INFRASET_IMAGES").split(",")) {
            String[] parts = pair.split("=", 2);
            images.put(parts[0], parts[1]);
        }
        return images;
    }

    /** A host folder bound in advance to the claim the StatefulSet will make. */
    private static void hostVolume(String workload) {
        String claim = "data-" + workload + "-0";
        PersistentVolume volume = new PersistentVolumeBuilder().withNewMetadata()
                .withName(NAMESPACE + "-" + workload).withLabels(Labels.katana(workload, "it-volume")).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("50Gi")))
                .withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath().withPath(TestBed.env("KATANA_TESTBED_PV_DIR") + "/" + NAMESPACE + "/" + workload)
                .withType("DirectoryOrCreate").endHostPath()
                .withNewClaimRef().withNamespace(NAMESPACE).withName(claim).endClaimRef()
                .endSpec().build();
        platform.objects.apply(volume);
    }

    @Test
    void everyObjectAppearsAndEveryWorkloadIsReadyOnTheRealNode() {
        assertThat(applied.managed()).isTrue();
        assertThat(applied.objects()).contains("Namespace/" + NAMESPACE, "StatefulSet/mysql", "Service/mysql",
                "StatefulSet/mongodb", "StatefulSet/gogs", "ConfigMap/gogs-seed", "StatefulSet/registry");
        for (String workload : WORKLOADS) {
            StatefulSet set = platform.kube.apps().statefulSets().inNamespace(NAMESPACE).withName(workload).get();
            assertThat(set.getStatus().getReadyReplicas()).as(workload).isEqualTo(1);
            assertThat(set.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "katana");
            Pod pod = platform.kube.pods().inNamespace(NAMESPACE).withName(workload + "-0").get();
            assertThat(pod.getSpec().getNodeName()).isEqualTo("node-0");
        }
    }

    @Test
    void theDatabasesStartWithTheConfiguredCredentials() throws Exception {
        String mysql = serviceIp("mysql");
        String version = eventually(() -> {
            try (Connection root = MySql.connect("jdbc:mysql://" + mysql + ":3306/", "root", MYSQL_ROOT,
                    Duration.ofSeconds(5)); ResultSet answer = root.createStatement().executeQuery("SELECT VERSION()")) {
                answer.next();
                return answer.getString(1);
            }
        });
        assertThat(version).contains("MariaDB");
        assertThat(platform.objects.secretValues(NAMESPACE, Infraset.MONGO_SECRET).orElseThrow())
                .containsEntry("root-username", "katana-root").containsEntry("root-password", MONGO_ROOT.reveal());
        try (MongoClient mongo = Mongo.connect(Secret.of("mongodb://" + serviceIp("mongodb") + ":27017/"),
                Duration.ofSeconds(5))) {
            assertThat(eventually(() -> mongo.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")))
                    .isNotNull();
        }
    }

    @Test
    void theGitServerWaitsInItsInstallerAndTheRegistryAnswers() throws Exception {
        GitServerClient git = new GitServerClient(URI.create("http://" + serviceIp("gogs") + ":3000"),
                GitFlavor.GITEA, Duration.ofSeconds(10));
        assertThat(eventually(git::installState)).isEqualTo(InstallState.WAITING_FOR_INSTALL);
        HttpResponse<Void> registry = eventually(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + serviceIp("registry") + ":5000/v2/")).timeout(Duration.ofSeconds(5)).GET()
                .build(), HttpResponse.BodyHandlers.discarding()));
        assertThat(registry.statusCode()).isEqualTo(200);
    }

    /**
     * A new Service answers once kube-proxy has programmed it, a moment after it exists
     * (TESTBED.md): the call is repeated for up to 30 s before its failure counts.
     */
    private static <T> T eventually(java.util.concurrent.Callable<T> call) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (true) {
            try {
                return call.call();
            } catch (Exception e) {
                if (java.time.Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static String serviceIp(String name) {
        return platform.kube.services().inNamespace(NAMESPACE).withName(name).get().getSpec().getClusterIP();
    }
}
