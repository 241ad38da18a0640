package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.katana.activities.challenge.ImageBuilder;
import io.katana.activities.common.Trees;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.kube.ChallengeObjects;
import io.katana.activities.kube.DeploymentWatch;
import io.katana.activities.patch.CloneCache;
import io.katana.activities.patch.PatchRules;
import io.katana.activities.source.SourcePush;
import io.katana.worker.config.KatanaConfig;
import io.katana.workflows.common.Secret;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (not named *IT, so the suite never runs it). On the test bed, against a
 * running Katana (the dev command in this process, with its real webhook):
 * <ol>
 *   <li>ten pushes one after another: push to webhook received (the git server's share) and
 *       webhook received to the new digest Ready, median and p95, with each stage's median;</li>
 *   <li>the same fetch, check, build, push and rollout done directly in this process, without
 *       Temporal or webhooks, and the ratio of the two;</li>
 *   <li>twenty teams pushing at once: the time until all are LIVE, and how many were lost.</li>
 * </ol>
 *
 * <pre>. $(deploy/testbed/testbed.sh env) &amp;&amp; mvn -B -pl workflows,activities,api,worker verify \
 *     -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PatchBenchmark</pre>
 */
class PatchBenchmark {

    private static final String CHALLENGE = "bench-echo";
    private static final int TEAMS = 20;
    private static final int PUSHES = 10;
    private static final int API_PORT = 18091;
    private static final PersonIdent TEAM_MEMBER = new PersonIdent("bench", "bench@katana.local");

    @Test
    void webhookToReadyAgainstTheDirectPathAndTwentyTeamsAtOnce() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KATANA_API_PORT", Integer.toString(API_PORT));
        env.put("KATANA_TASK_QUEUE", "katana-bench");
        env.put("KATANA_RECONCILE_EVERY", "0");
        env.putIfAbsent("KATANA_MAX_CONCURRENT_BUILDS", "4");
        ApiCalls api = new ApiCalls("http://127.0.0.1:" + API_PORT + "/api/v1", env.get("KATANA_ADMIN_TOKEN"));
        List<String> teams = new ArrayList<>();
        for (int i = 0; i < TEAMS; i++) {
            teams.add("pbench-" + i);
        }
        Path work = Files.createTempDirectory("katana-patch-bench-");
        try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env));
                ItSystems systems = new ItSystems()) {
            api.awaitJob(api.post("/init", ""));
            api.awaitJob(api.post("/teams", ApiCalls.JSON.writeValueAsString(Map.of("names", teams))));
            api.awaitJob(api.upload("/challenges", CHALLENGE + ".tar.gz", ApiCalls.sampleAs(CHALLENGE)));
            Map<String, Checkout> checkouts = new LinkedHashMap<>();
            for (String team : teams) {
                checkouts.put(team, Checkout.clone(api, team, work));
            }

            // 1. Ten pushes one after another through the git server, its webhook and Temporal.
            List<Long> gitShare = new ArrayList<>();
            List<Long> webhookToLive = new ArrayList<>();
            Map<String, List<Long>> stages = new LinkedHashMap<>();
            Checkout first = checkouts.get(teams.get(0));
            for (int i = 0; i < PUSHES; i++) {
                long pushed = System.currentTimeMillis();
                String commit = first.pushChange("sequential " + i);
                JsonNode patch = api.awaitPatch(first.team, CHALLENGE, commit, Duration.ofMinutes(5));
                gitShare.add(patch.get("receivedAt").asLong() - pushed);
                webhookToLive.add(patch.get("totalMillis").asLong());
                patch.get("stages").forEach(stage -> stages.computeIfAbsent(stage.get("name").asText(),
                        name -> new ArrayList<>()).add(stage.path("millis").asLong()));
            }

            System.out.println("== patch benchmark (" + PUSHES + " sequential pushes to " + first.team + ") ==");
            System.out.printf("push -> webhook received (git server's share): median %d ms, p95 %d ms%n",
                    median(gitShare), p95(gitShare));
            System.out.printf("webhook received -> new digest Ready:          median %d ms, p95 %d ms%n",
                    median(webhookToLive), p95(webhookToLive));
            stages.forEach((name, times) -> System.out.printf("  stage %-8s median %5d ms, p95 %5d ms%n", name,
                    median(times), p95(times)));

            // 2. The same work done directly: fetch, check, build, push, rollout, wait.
            List<Long> direct = directPath(systems, checkouts.get(teams.get(1)), env, work);
            System.out.printf("direct fetch+check+build+push+rollout+ready:   median %d ms, p95 %d ms%n",
                    median(direct), p95(direct));
            System.out.printf("ratio (Katana / direct, medians):              %.2f%n",
                    (double) median(webhookToLive) / median(direct));

            // 3. Twenty teams pushing at once.
            ExecutorService pool = Executors.newFixedThreadPool(TEAMS);
            Map<String, String> commits = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            List<Future<?>> pushes = new ArrayList<>();
            for (Checkout checkout : checkouts.values()) {
                pushes.add(pool.submit(() -> {
                    commits.put(checkout.team, checkout.pushChange("all at once"));
                    return null;
                }));
            }
            for (Future<?> push : pushes) {
                push.get();
            }
            pool.shutdown();
            int live = 0;
            for (var entry : commits.entrySet()) {
                JsonNode patch = api.awaitPatch(entry.getKey(), CHALLENGE, entry.getValue(), Duration.ofMinutes(5));
                if (patch.get("status").asText().equals("LIVE")) {
                    live++;
                }
            }
            double allLive = (System.nanoTime() - start) / 1e9;

            System.out.printf("ratio (Katana / direct, medians):              %.2f%n",
                    (double) median(webhookToLive) / median(direct));
            System.out.printf("%d teams pushing at once: all LIVE after %.1f s, %d of %d live, %d lost%n", TEAMS,
                    allLive, live, TEAMS, TEAMS - live);
            assertThat(live).isEqualTo(TEAMS);
        } finally {
            Trees.deleteQuietly(work);
        }
    }

    /** A team's clone in this process, pushing as the team (as patch_challenge does in its pod). */
    record Checkout(String team, Git git, GitCredentials account) {

        static Checkout clone(ApiCalls api, String team, Path work) throws Exception {
            JsonNode login = api.getJson("/teams/" + team + "/credentials");
            GitCredentials account = new GitCredentials(login.get("gitUser").asText(),
                    Secret.of(login.get("gitPassword").asText()));
            Git git = Git.cloneRepository().setURI(TestBed.env("KATANA_GIT_URL") + "/" + team + "/" + CHALLENGE + ".git")
                    .setDirectory(work.resolve(team).toFile()).setCredentialsProvider(SourcePush.credentials(account))
                    .call();
            return new Checkout(team, git, account);
        }

        /** One more line on the page, committed and pushed to the default branch; the commit. */
        String pushChange(String what) throws Exception {
            return pushChange(what, "main");
        }

        String pushChange(String what, String branch) throws Exception {
            Path page = git.getRepository().getWorkTree().toPath().resolve("www").resolve("index.html");
            Files.writeString(page, "<p>" + what + " " + UUID.randomUUID() + "</p>\n",
                    java.nio.file.StandardOpenOption.APPEND);
            git.add().addFilepattern(".").call();
            String commit = git.commit().setMessage(what).setAuthor(TEAM_MEMBER).setCommitter(TEAM_MEMBER).call()
                    .getName();
            // Forced on the benchmark's own branch (an earlier run left it elsewhere), never on main.
            String spec = (branch.equals("main") ? "" : "+") + "HEAD:refs/heads/" + branch;
            for (var result : git.push().setCredentialsProvider(SourcePush.credentials(account))
                    .setRefSpecs(new org.eclipse.jgit.transport.RefSpec(spec)).call()) {
                for (var update : result.getRemoteUpdates()) {
                    if (update.getStatus() != org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK) {
                        throw new IllegalStateException("push of " + team + " to " + branch + ": " + update.getStatus()
                                + " " + update.getMessage());
                    }
                }
            }
            return commit;
        }
    }

    private static List<Long> directPath(ItSystems systems, Checkout checkout, Map<String, String> env, Path work)
            throws Exception {
        CloneCache clones = new CloneCache(work.resolve("direct-clones"));
        String registry = env.get("KATANA_REGISTRY");
        String repository = registry + "/katana/" + checkout.team + "/" + CHALLENGE + "-direct";
        List<Long> times = new ArrayList<>();
        String base = checkout.git.getRepository().resolve("HEAD").getName();
        try (var docker = io.katana.activities.images.DockerClients.create(URI.create(env.get("KATANA_DOCKER_HOST")),
                Duration.ofSeconds(5), Duration.ofMinutes(10)); DeploymentWatch watch = new DeploymentWatch(systems.kube)) {
            ImageBuilder images = new ImageBuilder(docker);
            URI url = URI.create(env.get("KATANA_GIT_URL") + "/" + checkout.team + "/" + CHALLENGE + ".git");
            for (int i = 0; i < PUSHES; i++) {
                // To another branch: Katana's webhook ignores it, so no patch of Katana's competes.
                String commit = checkout.pushChange("direct " + i, "bench-direct");
                long start = System.nanoTime();
                clones.fetch(checkout.team, CHALLENGE, commit, url, checkout.account);
                clones.fetch(checkout.team, CHALLENGE, base, url, checkout.account);
                PatchRules.violations(clones.changedPaths(checkout.team, CHALLENGE, base, commit),
                        PatchRules.DEFAULT_PROTECTED);
                Path source = Files.createTempDirectory(work, "direct-");
                clones.export(checkout.team, CHALLENGE, commit, source);
                images.build(source, repository, commit, ImageBuilder.Limits.DEFAULT, () -> { });
                String image = repository + "@" + images.push(repository, commit, () -> { });
                var deployments = systems.kube.apps().deployments().inNamespace(checkout.team);
                if (deployments.withName(CHALLENGE + "-direct").get() == null) {
                    Deployment copy = deployments.withName(CHALLENGE).get();
                    deployments.resource(new DeploymentBuilder(copy).editMetadata().withName(CHALLENGE + "-direct")
                            .withResourceVersion(null).withUid(null).withCreationTimestamp(null).withManagedFields()
                            .endMetadata().withStatus(null).build()).create();
                }
                editWithRetry(deployments.withName(CHALLENGE + "-direct"), current -> new DeploymentBuilder(current)
                        .editSpec().editTemplate().editMetadata()
                        .addToAnnotations(ChallengeObjects.COMMIT_ANNOTATION, commit).endMetadata().editSpec()
                        .editFirstContainer().withImage(image).endContainer().endSpec().endTemplate().endSpec()
                        .build());
                boolean ready = watch.await(checkout.team, CHALLENGE + "-direct",
                        deployment -> DeploymentWatch.rolledOut(deployment, image), Duration.ofMinutes(2), () -> { });
                assertThat(ready).as("direct rollout " + i).isTrue();
                times.add((System.nanoTime() - start) / 1_000_000);
                Trees.deleteQuietly(source);
            }
            systems.kube.apps().deployments().inNamespace(checkout.team).withName(CHALLENGE + "-direct").delete();
        }
        return times;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long p95(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1));
    }

    /**
     * An edit is a read then a resourceVersion-guarded write; the controller writes the status of
     * a Deployment just created or rolled, so the write can meet 409. Read again then, as kubectl does.
     */
    private static void editWithRetry(io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> resource,
            java.util.function.UnaryOperator<Deployment> change) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                resource.edit(change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
                Thread.sleep(100L * attempt);
            }
        }
    }
}
