package io.katana.activities.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.katana.activities.ItPlatform;
import io.katana.activities.gitserver.GitCommit;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.kube.Labels;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.store.KatanaStore;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.CreateTeamsRequest;
import io.katana.workflows.team.CreateTeamsResult;
import io.katana.workflows.team.CreateTeamsWorkflow;
import io.katana.workflows.team.CreateTeamsWorkflowImpl;
import io.katana.workflows.team.ProvisionTeamWorkflowImpl;
import io.katana.workflows.team.TeamResult;
import io.katana.workflows.team.TeamState;
import io.katana.workflows.testkit.TestBed;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two teams provisioned by the real workflows and activities on the test bed: what each system
 * then holds, the policies enforced between the teams, and {@code patch_challenge} in a master pod
 * pushing to the team's repo on the git server.
 */
class TeamProvisioningIT {

    private static final String RED = "it-red";
    private static final String BLUE = "it-blue";

    private static ItPlatform platform;
    private static WorkflowServiceStubs stubs;
    private static WorkerFactory workers;
    private static WorkflowClient client;
    private static String taskQueue;
    private static CreateTeamsResult first;

    @BeforeAll
    static void provision() {
        platform = new ItPlatform();
        platform.initialise();
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TestBed.env("KATANA_TEMPORAL_ADDRESS")).build());
        client = WorkflowClient.newInstance(stubs);
        taskQueue = "katana-it-" + UUID.randomUUID();
        workers = WorkerFactory.newInstance(client);
        var worker = workers.newWorker(taskQueue);
        worker.registerWorkflowImplementationTypes(CreateTeamsWorkflowImpl.class, ProvisionTeamWorkflowImpl.class);
        worker.registerActivitiesImplementations(platform.teams());
        workers.start();
        first = run(List.of(RED, BLUE));
    }

    @AfterAll
    static void close() {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        stubs.shutdownNow();
        platform.close();
    }

    private static CreateTeamsResult run(List<String> names) {
        CreateTeamsWorkflow workflow = client.newWorkflowStub(CreateTeamsWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId("teams-it-" + UUID.randomUUID()).setTaskQueue(taskQueue)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(10)).build());
        return workflow.create(CreateTeamsRequest.ofNames(names));
    }

    @Test
    void everySystemHoldsTheTeamAndNoneHoldsItsPasswordInTheClear() throws Exception {
        assertThat(first.failed()).isEmpty();
        assertThat(first.ready()).extracting(TeamResult::team).containsExactly(RED, BLUE);

        var namespace = platform.kube.namespaces().withName(RED).get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry(Labels.TEAM, RED);
        assertThat(platform.kube.network().v1().networkPolicies().inNamespace(RED).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .contains("default-deny", "allow-dns", "allow-challenges", "allow-master");
        assertThat(platform.kube.resourceQuotas().inNamespace(RED).withName("team-quota").get()).isNotNull();
        assertThat(platform.kube.limitRanges().inNamespace(RED).withName("team-limits").get()).isNotNull();

        Pod master = platform.kube.pods().inNamespace(RED).withName(TeamObjects.MASTER_POD).get();
        assertThat(master.getSpec().getNodeName()).isEqualTo("node-0");
        assertThat(master.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(master.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(master.getSpec().getContainers().get(0).getVolumeMounts())
                .noneMatch(m -> m.getMountPath().startsWith("/var/run/secrets/kubernetes.io"));
        assertThat(exec(RED, "id -u; ls /var/run/secrets/kubernetes.io 2>/dev/null | wc -l"))
                .isEqualTo(new Exec(0, "1000\n0"));

        Map<String, String> credentials = platform.objects.secretValues(RED, TeamObjects.CREDENTIALS_SECRET)
                .orElseThrow();
        String password = credentials.get("password");
        assertThat(platform.git.accepts(new GitCredentials(RED, Secret.of(password)))).isTrue();

        Document record = platform.mongo.getDatabase(TestBed.env("KATANA_MONGODB_DATABASE"))
                .getCollection(KatanaStore.TEAMS).find(Filters.eq("_id", RED)).first();
        assertThat(record.getString("state")).isEqualTo(TeamState.READY.name());
        assertThat(record.toJson()).doesNotContain(password);
        assertThat(platform.store.team(RED).orElseThrow().gitUser()).isEqualTo(RED);
    }

    @Test
    void runningAgainChangesNothing() {
        String secretVersion = platform.kube.secrets().inNamespace(RED).withName(TeamObjects.CREDENTIALS_SECRET)
                .get().getMetadata().getResourceVersion();
        String sshVersion = platform.kube.secrets().inNamespace(RED).withName(TeamObjects.SSH_SECRET)
                .get().getMetadata().getResourceVersion();
        String podUid = platform.kube.pods().inNamespace(RED).withName(TeamObjects.MASTER_POD).get()
                .getMetadata().getUid();
        Instant readyAt = platform.store.team(RED).orElseThrow().readyAt();

        CreateTeamsResult again = run(List.of(RED));

        assertThat(again.ready()).singleElement().satisfies(team -> assertThat(team.gitUserCreated()).isFalse());
        assertThat(platform.kube.secrets().inNamespace(RED).withName(TeamObjects.CREDENTIALS_SECRET).get()
                .getMetadata().getResourceVersion()).isEqualTo(secretVersion);
        assertThat(platform.kube.secrets().inNamespace(RED).withName(TeamObjects.SSH_SECRET).get()
                .getMetadata().getResourceVersion()).isEqualTo(sshVersion);
        assertThat(platform.kube.pods().inNamespace(RED).withName(TeamObjects.MASTER_POD).get().getMetadata().getUid())
                .as("the master pod was not restarted").isEqualTo(podUid);
        assertThat(platform.store.team(RED).orElseThrow().readyAt()).isEqualTo(readyAt);
        assertThat(platform.store.count(KatanaStore.TEAMS, Filters.eq("_id", RED))).isEqualTo(1);
    }

    @Test
    void aTeamReachesAnotherTeamsChallengeButNotItsMasterPod() throws Exception {
        Pod challenge = challengePod(BLUE);
        String challengeIp = challenge.getStatus().getPodIP();
        String blueMasterIp = platform.kube.pods().inNamespace(BLUE).withName(TeamObjects.MASTER_POD).get()
                .getStatus().getPodIP();

        assertThat(awaitReach(RED, challengeIp, 8080, true)).as("blue's challenge from red's master").isTrue();
        assertThat(awaitReach(RED, blueMasterIp, TeamObjects.SSH_PORT, false))
                .as("blue's master pod from red's master").isFalse();
        assertThat(awaitReach(BLUE, blueMasterIp, TeamObjects.SSH_PORT, true))
                .as("its own ssh port from inside the pod").isTrue();
    }

    @Test
    void patchChallengePushesTheTeamsCommitAndSaysWhyWhenItCannot() throws Exception {
        Secret token = platform.adminToken.get();
        platform.git.ensureRepo(token, RED, "it-chall", "main");
        String url = platform.git.cloneUrl(RED, "it-chall").toString();
        // An empty repo: the team's first commit creates main. Two checkouts, to make one fall behind.
        Exec setup = exec(RED, "set -e; rm -rf ~/challenges/it-a ~/challenges/it-b; mkdir -p ~/challenges;"
                + " git clone -q " + url + " ~/challenges/it-a 2>&1; cd ~/challenges/it-a;"
                + " git symbolic-ref HEAD refs/heads/main; date +%s%N > flag.txt; patch_challenge 'first patch'");
        assertThat(setup.code()).as(setup.out()).isZero();
        GitCommit head = head(token);
        assertThat(head.message().strip()).isEqualTo("first patch");

        Exec nothing = exec(RED, "cd ~/challenges/it-a && patch_challenge 'no change' 2>&1");
        assertThat(nothing.code()).isEqualTo(3);
        assertThat(nothing.out()).contains("nothing to commit");

        Exec other = exec(RED, "set -e; git clone -q " + url + " ~/challenges/it-b 2>&1; cd ~/challenges/it-b;"
                + " date +%s%N > flag.txt; patch_challenge 'from the other checkout' 2>&1");
        assertThat(other.code()).as(other.out()).isZero();
        Exec refused = exec(RED, "cd ~/challenges/it-a && date +%s%N > flag.txt && patch_challenge 'behind' 2>&1");
        assertThat(refused.code()).as(refused.out()).isEqualTo(4);
        assertThat(refused.out()).contains("patch_challenge:").doesNotContain(
                platform.objects.secretValues(RED, TeamObjects.CREDENTIALS_SECRET).orElseThrow().get("password"));
        assertThat(head(token).message().strip()).isEqualTo("from the other checkout");
    }

    /**
     * The branch head as the git server's API shows it. Right after the first push into an empty
     * repo, Gitea still updates the repo in the background and answers 500 for a moment.
     */
    private static GitCommit head(Secret token) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                return platform.git.branchHead(token, RED, "it-chall", "main").orElseThrow();
            } catch (io.katana.activities.gitserver.GitServerException | java.util.NoSuchElementException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static Pod challengePod(String team) {
        Pod pod = new PodBuilder().withNewMetadata().withName("it-challenge").withNamespace(team)
                .withLabels(Map.of(Labels.TEAM, team, Labels.ROLE, Labels.ROLE_CHALLENGE)).endMetadata()
                .withNewSpec().withAutomountServiceAccountToken(false).addNewContainer().withName("web")
                .withImage(TestBed.env("KATANA_TESTBED_BUSYBOX_IMAGE"))
                .withCommand("sh", "-c", "mkdir -p /www && echo open > /www/index.html && exec httpd -f -p 8080 -h /www")
                .endContainer().endSpec().build();
        if (platform.kube.resource(pod).get() == null) {
            platform.kube.resource(pod).create();
        }
        return platform.kube.pods().inNamespace(team).withName("it-challenge")
                .waitUntilCondition(p -> p != null && p.getStatus() != null && p.getStatus().getPodIP() != null
                        && "Running".equals(p.getStatus().getPhase()), 120, TimeUnit.SECONDS);
    }

    /** Policies take a moment to apply: polls until the answer is the expected one or 30 s pass. */
    private static boolean awaitReach(String fromTeam, String ip, int port, boolean expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        boolean reached;
        do {
            reached = exec(fromTeam, "timeout 3 bash -c 'exec 3<>/dev/tcp/" + ip + "/" + port + "'").code() == 0;
        } while (reached != expected && Instant.now().isBefore(deadline));
        return reached;
    }

    record Exec(int code, String out) {
    }

    /**
     * Runs a script as the team in its master pod. The exit code travels in the output: fabric8
     * closes the output stream with an error when the command itself exits non-zero.
     */
    private static Exec exec(String team, String script) throws Exception {
        String wrapped = "bash -l -c " + quote(script) + " 2>&1; echo \"__rc=$?\"";
        try (ExecWatch watch = platform.kube.pods().inNamespace(team).withName(TeamObjects.MASTER_POD)
                .inContainer(TeamObjects.MASTER).redirectingOutput().exec("bash", "-c", wrapped)) {
            String out = new String(watch.getOutput().readAllBytes(), StandardCharsets.UTF_8).strip();
            watch.exitCode().get(60, TimeUnit.SECONDS);
            int marker = out.lastIndexOf("__rc=");
            int code = Integer.parseInt(out.substring(marker + 5).strip());
            return new Exec(code, out.substring(0, marker).strip());
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
