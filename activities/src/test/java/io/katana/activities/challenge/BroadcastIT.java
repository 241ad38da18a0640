package io.katana.activities.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.katana.activities.ItPlatform;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.images.DockerClients;
import io.katana.activities.kube.Labels;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.store.ArchiveStore;
import io.katana.activities.store.CopyStore;
import io.katana.workflows.challenge.BroadcastChallengeWorkflow;
import io.katana.workflows.challenge.BroadcastChallengeWorkflowImpl;
import io.katana.workflows.challenge.BroadcastRequest;
import io.katana.workflows.challenge.BroadcastResult;
import io.katana.workflows.challenge.TeamCopy;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.CreateTeamsRequest;
import io.katana.workflows.team.CreateTeamsWorkflow;
import io.katana.workflows.team.CreateTeamsWorkflowImpl;
import io.katana.workflows.team.ProvisionTeamWorkflowImpl;
import io.katana.workflows.testkit.TestBed;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web-echo sample broadcast to three teams by the real workflows and activities on the test
 * bed: each team's private repo holds the source, its webhook is registered, its Deployment runs
 * the built digest and answers through its Service, and its master pod holds the checkout.
 */
class BroadcastIT {

    private static final List<String> TEAMS = List.of("bc-0", "bc-1", "bc-2");

    private static ItPlatform platform;
    private static DockerClient docker;
    private static WorkflowServiceStubs stubs;
    private static WorkerFactory workers;
    private static WorkflowClient client;
    private static String taskQueue;
    private static ChallengePackage pack;
    private static BroadcastResult result;

    @BeforeAll
    static void broadcast() throws Exception {
        platform = new ItPlatform();
        platform.initialise();
        docker = DockerClients.create(URI.create(TestBed.env("KATANA_DOCKER_HOST")), Duration.ofSeconds(5),
                Duration.ofMinutes(10));
        ArchiveStore archives = new ArchiveStore(platform.mongo.getDatabase(TestBed.env("KATANA_MONGODB_DATABASE")));
        CopyStore copies = new CopyStore(platform.mongo.getDatabase(TestBed.env("KATANA_MONGODB_DATABASE")));
        ChallengeSettings settings = new ChallengeSettings(TestBed.env("KATANA_REGISTRY"),
                URI.create("http://127.0.0.1:8080/hooks/git"), URI.create(TestBed.env("KATANA_GIT_URL")), "main",
                false, ChallengeArchive.Limits.DEFAULT);
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TestBed.env("KATANA_TEMPORAL_ADDRESS")).build());
        client = WorkflowClient.newInstance(stubs);
        taskQueue = "katana-it-" + UUID.randomUUID();
        workers = WorkerFactory.newInstance(client);
        var worker = workers.newWorker(taskQueue);
        worker.registerWorkflowImplementationTypes(CreateTeamsWorkflowImpl.class, ProvisionTeamWorkflowImpl.class,
                BroadcastChallengeWorkflowImpl.class);
        worker.registerActivitiesImplementations(platform.teams(), new ChallengeActivitiesImpl(platform.objects,
                platform.store, archives, copies, platform.git, platform.adminToken, new ImageBuilder(docker), settings));
        workers.start();

        client.newWorkflowStub(CreateTeamsWorkflow.class, options("teams-bc-" + UUID.randomUUID()))
                .create(CreateTeamsRequest.ofNames(TEAMS));
        byte[] archive = SampleChallengesTest.pack("web-echo");
        pack = ChallengeArchive.read(archive, ChallengeArchive.Limits.DEFAULT);
        archives.put(pack.sha256(), archive);
        long start = System.nanoTime();
        result = run();
        System.out.printf("broadcast of web-echo to %d teams: %.1f s%n", TEAMS.size(), (System.nanoTime() - start) / 1e9);
    }

    private static WorkflowOptions options(String id) {
        return WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(10)).build();
    }

    private static BroadcastResult run() {
        return client.newWorkflowStub(BroadcastChallengeWorkflow.class,
                options("challenge-web-echo." + pack.version() + "-" + UUID.randomUUID()))
                .broadcast(new BroadcastRequest(pack.spec(), pack.sha256(), TEAMS, 3));
    }

    @AfterAll
    static void close() throws Exception {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        stubs.shutdownNow();
        docker.close();
        platform.close();
    }

    @Test
    void everyTeamHasItsPrivateRepoAndWebhook() throws Exception {
        assertThat(result.failed()).isEmpty();
        assertThat(result.ready()).extracting(TeamCopy::team).containsExactlyElementsOf(TEAMS);
        Secret token = platform.adminToken.get();
        for (TeamCopy copy : result.ready()) {
            assertThat(platform.git.branchHead(token, copy.team(), "web-echo", "main").orElseThrow().id())
                    .isEqualTo(copy.commit());
            assertThat(platform.git.hooksTo(token, copy.team(), "web-echo",
                    "http://127.0.0.1:8080/hooks/git/" + copy.team() + "/web-echo")).containsExactly(copy.webhookId());
        }
        assertThat(platform.git.canRead(credentials("bc-1"), "bc-0", "web-echo")).isFalse();
    }

    @Test
    void everyTeamRunsTheBuiltDigestAndItAnswersThroughItsService() throws Exception {
        assertThat(result.image().digestReference()).contains("@sha256:");
        for (String team : TEAMS) {
            var deployment = platform.kube.apps().deployments().inNamespace(team).withName("web-echo").get();
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo(result.image().digestReference());
            Pod pod = platform.kube.pods().inNamespace(team).withLabel(Labels.CHALLENGE, "web-echo").list()
                    .getItems().get(0);
            assertThat(pod.getSpec().getNodeName()).isEqualTo("node-0");
        }
        String service = platform.kube.services().inNamespace("bc-0").withName("web-echo").get().getSpec()
                .getClusterIP();
        // From another team's master pod, as an attacker would reach it.
        String answer = awaitExec("bc-1", "exec 3<>/dev/tcp/" + service + "/8080; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3;"
                + " cat <&3", out -> out.contains("web-echo"));
        assertThat(answer).contains("<h1>web-echo</h1>");
    }

    @Test
    void theMasterPodHoldsTheCheckoutAndCatchesUpAfterARestart() throws Exception {
        String commit = result.ready().get(0).commit();
        assertThat(awaitExec("bc-0", "cat ~/challenges/.katana-sync", out -> out.contains("web-echo " + commit)))
                .contains("web-echo " + commit);
        assertThat(awaitExec("bc-0", "cat ~/challenges/web-echo/challenge.yaml", out -> out.contains("name: web-echo")))
                .contains("healthContent: web-echo");

        String uid = platform.kube.pods().inNamespace("bc-0").withName(TeamObjects.MASTER_POD).get().getMetadata().getUid();
        platform.kube.pods().inNamespace("bc-0").withName(TeamObjects.MASTER_POD).delete();
        platform.kube.pods().inNamespace("bc-0").withName(TeamObjects.MASTER_POD).waitUntilCondition(
                p -> p != null && !p.getMetadata().getUid().equals(uid) && io.katana.activities.kube.PodStates.ready(p),
                120, TimeUnit.SECONDS);
        assertThat(awaitExec("bc-0", "cat ~/challenges/.katana-sync", out -> out.contains("web-echo " + commit)))
                .contains("web-echo " + commit);
    }

    @Test
    void aSecondBroadcastRepairsNothingThatIsRight() {
        BroadcastResult again = run();

        assertThat(again.ready()).containsExactlyElementsOf(result.ready());
    }

    private static GitCredentials credentials(String team) {
        Map<String, String> values = platform.objects.secretValues(team, TeamObjects.CREDENTIALS_SECRET).orElseThrow();
        return new GitCredentials(values.get("username"), Secret.of(values.get("password")));
    }

    /**
     * Runs the script in the team's master pod until its output satisfies {@code done}: 90 s at
     * most, the kubelet's own refresh of a mounted ConfigMap when nothing hurries it.
     */
    private static String awaitExec(String team, String script, java.util.function.Predicate<String> done)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        String out;
        do {
            out = exec(team, script);
            if (done.test(out)) {
                return out;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        return out;
    }

    private static String exec(String team, String script) throws Exception {
        String wrapped = "bash -c '" + script.replace("'", "'\\''") + "' 2>&1; true";
        try (ExecWatch watch = platform.kube.pods().inNamespace(team).withName(TeamObjects.MASTER_POD)
                .inContainer(TeamObjects.MASTER).redirectingOutput().exec("bash", "-c", wrapped)) {
            String out = new String(watch.getOutput().readAllBytes(), StandardCharsets.UTF_8);
            watch.exitCode().get(60, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            // The pod is restarting: no answer yet.
            return "";
        }
    }
}
