package io.katana.activities.challenge;

import com.github.dockerjava.api.DockerClient;
import io.katana.activities.ItPlatform;
import io.katana.activities.common.Trees;
import io.katana.activities.images.DockerClients;
import io.katana.activities.store.ArchiveStore;
import io.katana.activities.store.CopyStore;
import io.katana.workflows.challenge.BroadcastChallengeWorkflow;
import io.katana.workflows.challenge.BroadcastChallengeWorkflowImpl;
import io.katana.workflows.challenge.BroadcastRequest;
import io.katana.workflows.challenge.BroadcastResult;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (not named *IT, so the suite never runs it): a broadcast of the web-echo
 * sample to 20 teams, with the teams in parallel (concurrency 20) and then one team after another
 * (concurrency 1), each a new version so that every team really gets a new rollout. Every pod runs
 * on the real node: on the kwok nodes a Deployment never becomes available (kwok marks the pod
 * Ready but the Deployment counts it unavailable), which is left for the kwok stages to fix.
 * Prints the figures; asserts only that nothing failed.
 *
 * <pre>. $(deploy/testbed/testbed.sh env) &amp;&amp; mvn -pl workflows,activities verify -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=BroadcastBenchmark</pre>
 */
class BroadcastBenchmark {

    private static final int TEAMS = 20;

    @Test
    void twentyTeamsParallelAgainstSerial() throws Exception {
        List<String> teams = new ArrayList<>();
        for (int i = 0; i < TEAMS; i++) {
            teams.add("bench-" + i);
        }
        try (ItPlatform platform = new ItPlatform(); DockerClient docker = DockerClients.create(
                URI.create(TestBed.env("KATANA_DOCKER_HOST")), Duration.ofSeconds(5), Duration.ofMinutes(10))) {
            platform.initialise();
            var db = platform.mongo.getDatabase(TestBed.env("KATANA_MONGODB_DATABASE"));
            ArchiveStore archives = new ArchiveStore(db);
            ChallengeSettings settings = new ChallengeSettings(TestBed.env("KATANA_REGISTRY"),
                    URI.create("http://127.0.0.1:8080/hooks/git"), URI.create(TestBed.env("KATANA_GIT_URL")), "main",
                    false, ChallengeArchive.Limits.DEFAULT);
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(TestBed.env("KATANA_TEMPORAL_ADDRESS")).build());
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            String queue = "katana-bench-" + UUID.randomUUID();
            WorkerFactory workers = WorkerFactory.newInstance(client);
            var worker = workers.newWorker(queue, io.temporal.worker.WorkerOptions.newBuilder()
                    .setMaxConcurrentActivityExecutionSize(40).build());
            worker.registerWorkflowImplementationTypes(CreateTeamsWorkflowImpl.class, ProvisionTeamWorkflowImpl.class,
                    BroadcastChallengeWorkflowImpl.class);
            worker.registerActivitiesImplementations(platform.teams(), new ChallengeActivitiesImpl(platform.objects,
                    platform.store, archives, new CopyStore(db), platform.git, platform.adminToken,
                    new ImageBuilder(docker), settings));
            workers.start();
            try {
                long t0 = System.nanoTime();
                client.newWorkflowStub(CreateTeamsWorkflow.class, options(queue, "teams-bench-" + UUID.randomUUID()))
                        .create(new CreateTeamsRequest(null, teams, 10));
                System.out.printf("%d teams created in %.1f s%n", TEAMS, seconds(t0));

                double parallel = broadcast(client, queue, archives, teams, TEAMS, "parallel");
                double serial = broadcast(client, queue, archives, teams, 1, "serial");
                System.out.printf("broadcast to %d teams: parallel %.1f s, one team after another %.1f s (%.1fx)%n",
                        TEAMS, parallel, serial, serial / parallel);
            } finally {
                workers.shutdownNow();
                workers.awaitTermination(10, TimeUnit.SECONDS);
                stubs.shutdownNow();
            }
        }
    }

    /** A new version of the sample (a file that differs per run), stored, then broadcast; seconds taken. */
    private static double broadcast(WorkflowClient client, String queue, ArchiveStore archives, List<String> teams,
            int concurrency, String run) throws Exception {
        java.nio.file.Path copy = java.nio.file.Files.createTempDirectory("bench-web-echo");
        byte[] archive;
        try {
            java.nio.file.Path sample = copy.resolve("web-echo");
            Trees.copy(SampleChallengesTest.SAMPLES.resolve("web-echo"), sample);
            java.nio.file.Files.writeString(sample.resolve("www/version.txt"), run + " " + UUID.randomUUID() + "\n");
            archive = SampleChallengesTest.pack(copy, "web-echo");
        } finally {
            Trees.deleteQuietly(copy);
        }
        ChallengePackage pack = ChallengeArchive.read(archive, ChallengeArchive.Limits.DEFAULT);
        archives.put(pack.sha256(), archive);
        long t0 = System.nanoTime();
        BroadcastResult result = client.newWorkflowStub(BroadcastChallengeWorkflow.class,
                options(queue, "challenge-web-echo." + pack.version()))
                .broadcast(new BroadcastRequest(pack.spec(), pack.sha256(), teams, concurrency));
        double seconds = seconds(t0);
        System.out.printf("%s: %d ready, %d failed in %.1f s%n", run, result.ready().size(), result.failed().size(),
                seconds);
        if (!result.failed().isEmpty()) {
            throw new AssertionError("teams failed: " + result.failed());
        }
        return seconds;
    }

    private static WorkflowOptions options(String queue, String id) {
        return WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(20)).build();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
