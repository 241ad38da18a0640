package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.katana.activities.kube.ChallengeObjects;
import io.katana.activities.kube.Labels;
import io.katana.worker.config.KatanaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The patch pipeline end to end, as the mission is judged: a team changes a file in its master
 * pod and runs the real {@code patch_challenge}; the git server itself delivers the webhook; the
 * challenge ends on the new digest while a probe loop from another team's pod sees no failed
 * request. Then a patch that does not build and one whose service never becomes ready: the
 * previous digest stays live, the probe still sees no failure, and each record says why.
 */
class PatchPipelineIT {

    private static final String CHALLENGE = "patch-echo";
    private static final String TEAM = "team-0";
    private static final String PROBER = "team-1";
    /** Fixed: the webhook URL registered by the broadcast names the API's port. */
    private static final int API_PORT = 18090;

    @Test
    void aPushFromTheMasterPodGoesLiveWithoutDowntimeAndBadPatchesLeaveTheOldVersion() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KATANA_API_PORT", Integer.toString(API_PORT));
        env.put("KATANA_TASK_QUEUE", "katana-it-patch");
        env.put("KATANA_RECONCILE_EVERY", "0");
        env.put("KATANA_ROLLOUT_DEADLINE", "25s");
        ApiCalls api = new ApiCalls("http://127.0.0.1:" + API_PORT + "/api/v1", env.get("KATANA_ADMIN_TOKEN"));

        ItSystems systems = new ItSystems();
        String original;
        String deaf;
        try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env))) {
            api.awaitJob(api.post("/init", ""));
            api.awaitJob(api.post("/teams", "{\"count\": 3}"));
            JsonNode broadcast = api.awaitJob(api.upload("/challenges", CHALLENGE + ".tar.gz",
                    ApiCalls.sampleAs(CHALLENGE)));
            assertThat(broadcast.at("/status").asText()).isEqualTo("completed");
            JsonNode copy = copyOf(api, TEAM);
            assertThat(copy.get("state").asText()).isEqualTo("READY");
            original = copy.get("broadcastCommit").asText();
            awaitOutput(systems, TEAM, "cat ~/challenges/.katana-sync", CHALLENGE + " ");

            String service = systems.kube.services().inNamespace(TEAM).withName(CHALLENGE).get().getSpec()
                    .getClusterIP();
            startProbe(systems, service);

            // 1. A good patch: one more line on the page.
            String mark = "patched-" + UUID.randomUUID().toString().substring(0, 8);
            String good = patch(systems, "git show " + original + ":start.sh > start.sh;"
                    + " echo '<p>" + mark + "</p>' >> www/index.html", "serve " + mark);
            JsonNode live = api.awaitPatch(TEAM, CHALLENGE, good, Duration.ofMinutes(4));
            assertThat(live.get("status").asText()).as(live.toString()).isEqualTo("LIVE");
            assertThat(live.get("trigger").asText()).isEqualTo("WEBHOOK");
            assertThat(live.get("pusher").asText()).isEqualTo(TEAM);
            assertThat(live.get("message").asText()).isEqualTo("serve " + mark);
            assertThat(live.get("stages").findValuesAsText("name"))
                    .containsSubsequence("fetch", "check", "build", "push", "rollout", "ready");
            StringBuilder stages = new StringBuilder();
            live.get("stages").forEach(stage -> stages.append(' ').append(stage.get("name").asText()).append('=')
                    .append(stage.path("millis").asLong()).append("ms"));
            System.out.printf("good patch: webhook received to LIVE %d ms;%s%n", live.get("totalMillis").asLong(),
                    stages);
            String digest = live.get("digest").asText();
            assertThat(digest).contains("@sha256:").doesNotContain(":latest");
            assertRunning(systems, digest, good);
            awaitOutput(systems, PROBER, get(service), mark);

            // 2. A patch that does not build: the start script no longer parses.
            String broken = patch(systems, "echo 'if then (' >> start.sh", "break the script");
            JsonNode failed = api.awaitPatch(TEAM, CHALLENGE, broken, Duration.ofMinutes(4));
            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("error").asText()).contains("the image build failed");
            assertRunning(systems, digest, good);

            // 3. A patch that builds but never answers its health check (it listens elsewhere).
            deaf = patch(systems, "git show " + good + ":start.sh > start.sh; sed -i 's/-p 8080/-p 8081/' start.sh",
                    "listen on 8081");
            JsonNode rolledBack = api.awaitPatch(TEAM, CHALLENGE, deaf, Duration.ofMinutes(4));
            assertThat(rolledBack.get("status").asText()).as(rolledBack.toString()).isEqualTo("ROLLED_BACK");
            assertThat(rolledBack.get("error").asText()).contains("not ready within 25 s");
            assertRunning(systems, digest, good);

            Map<String, String> probe = stopProbe(systems, mark);
            long ok = Long.parseLong(probe.get("ok"));
            long bad = Long.parseLong(probe.get("fail"));
            System.out.printf("probe loop on %s/%s during three patches: %d requests, %d failed%n", TEAM, CHALLENGE,
                    ok + bad, bad);
            assertThat(bad).as("failed requests during the rollouts: " + probe).isZero();
            assertThat(ok).isGreaterThan(20);
            assertThat(Long.parseLong(probe.get("marked"))).as("answers of the patched version").isPositive();

            JsonNode newest = api.getJson("/patches?team=" + TEAM + "&challenge=" + CHALLENGE + "&limit=3");
            assertThat(newest.findValuesAsText("commit")).containsExactly(deaf, broken, good);
            assertThat(copyOf(api, TEAM).get("image").asText()).isEqualTo(digest);

            // 4. The organiser takes the team back to the broadcast's version, through the same rollout.
            String first = copy.get("broadcastImage").asText();
            JsonNode rollback = api.awaitJob(api.post("/teams/" + TEAM + "/challenges/" + CHALLENGE + "/rollback",
                    "{\"digest\": \"" + first.substring(first.indexOf('@') + 1) + "\"}"));
            assertThat(rollback.at("/result/status").asText()).as(rollback.toString()).isEqualTo("LIVE");
            assertRunning(systems, first, original);
            JsonNode refused = ApiCalls.JSON.readTree(api.post("/teams/" + TEAM + "/challenges/" + CHALLENGE
                    + "/rollback", "{\"commit\": \"" + deaf + "\"}").body());
            assertThat(refused.get("error").asText()).isEqualTo(deaf + " was never live for " + TEAM + "/" + CHALLENGE);

            // What an organiser graphs: the webhooks, each stage, how patches ended, the teams, the SDK.
            String metrics = ApiCalls.awaitMetrics("http://127.0.0.1:" + API_PORT + "/metrics", Duration.ofSeconds(30),
                    "katana_webhook_deliveries_total\\{(?=.*outcome=\"accepted\").*\\} (?:[3-9]|\\d{2,})\\.0",
                    "katana_patch_stage_seconds_count\\{(?=.*outcome=\"ok\")(?=.*stage=\"build\").*\\} (?:[2-9]|\\d{2,})(?:\\.0)?",
                    "katana_patch_stage_seconds_count\\{(?=.*outcome=\"error\")(?=.*stage=\"build\").*\\} [1-9]\\d*(?:\\.0)?",
                    "katana_patch_seconds_bucket\\{.*status=\"LIVE\".*",
                    "katana_patches_total\\{(?=.*status=\"ROLLED_BACK\").*\\} [1-9]\\d*\\.0",
                    "katana_teams\\{(?=.*state=\"READY\").*\\} (?:[3-9]|\\d{2,})\\.0",
                    "katana_challenge_copies\\{(?=.*challenge=\"" + CHALLENGE + "\")(?=.*state=\"READY\").*",
                    "temporal_workflow_completed_total\\{.*workflow_type=\"PatchWorkflow\".*");
            metrics.lines().filter(line -> line.startsWith("katana_patch_stage_seconds_sum")
                    || line.startsWith("katana_webhook") || line.startsWith("katana_patches_total"))
                    .forEach(line -> System.out.println("metrics: " + line));
            assertThat(metrics).doesNotContain(env.get("KATANA_ADMIN_TOKEN"))
                    .doesNotContain(env.get("KATANA_GIT_ADMIN_PASSWORD"));
        }

        // 5. A push while Katana is away: the git server's one delivery fails and is never retried.
        String missed;
        try {
            // Gitea delivers a second or more after the push returns: until its delivery has been
            // refused, a stand-in holds Katana's port, so the push cannot reach a Katana started early.
            try (RefusedDeliveries away = RefusedDeliveries.on(API_PORT)) {
                missed = patch(systems, "git show " + original + ":start.sh > start.sh; echo '<p>missed</p>'"
                        + " >> www/index.html", "pushed while Katana was away");
                away.await("/hooks/git/" + TEAM + "/" + CHALLENGE, missed, Duration.ofMinutes(1));
            }
            env.put("KATANA_RECONCILE_EVERY", "3s");
            try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env))) {
                JsonNode found = api.awaitPatch(TEAM, CHALLENGE, missed, Duration.ofMinutes(4));
                assertThat(found.get("trigger").asText()).isEqualTo("RECONCILE");
                assertThat(found.get("status").asText()).as(found.toString()).isEqualTo("LIVE");
                assertRunning(systems, found.get("digest").asText(), missed);
            }

            // 6. A build host killed mid-build: the build moves to the next one, the patch goes LIVE once.
            env.put("KATANA_WORKER_QUEUES", "orchestration");
            env.put("KATANA_RECONCILE_EVERY", "0");
            try (Running katana = Launcher.start(Command.DEV, KatanaConfig.from(env))) {
                int buildMetricsPort = ApiCalls.freePort();
                env.put("KATANA_METRICS_PORT", Integer.toString(buildMetricsPort));
                Process builder = startBuildWorker(env, 1);
                try {
                    String crashed = patch(systems, "echo '<p>across a crash</p>' >> www/index.html",
                            "built across a crash");
                    String id = "patch-" + TEAM + "." + CHALLENGE + "." + crashed;
                    awaitStage(api, id, "build");
                    builder.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                    builder = startBuildWorker(env, 2);
                    JsonNode done = api.awaitPatch(TEAM, CHALLENGE, crashed, Duration.ofMinutes(4));
                    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("LIVE");
                    assertRunning(systems, done.get("digest").asText(), crashed);
                    assertThat(buildAttempts(env, id)).as("attempts of the build").isGreaterThanOrEqualTo(2);
                    System.out.printf("build host killed mid-build: LIVE after %d ms%n", done.get("totalMillis").asLong());
                    ApiCalls.awaitMetrics("http://127.0.0.1:" + buildMetricsPort + "/metrics", Duration.ofSeconds(30),
                            "katana_patch_stage_seconds_count\\{(?=.*stage=\"push\").*\\} [1-9]\\d*(?:\\.0)?",
                            "temporal_activity_execution_latency_seconds_count\\{.*activity_type=\"Build_BuildAndPush\".*");
                    // Every line of a build names its copy and commit, and no line holds a secret.
                    String log = Files.readString(Path.of("target", "crash-it", "build-worker-2.log"));
                    assertThat(log.lines().filter(line -> line.contains("build done in")))
                            .as("the build's log line in build-worker-2.log")
                            .anyMatch(line -> line.contains("team=" + TEAM + " challenge=" + CHALLENGE
                                    + " commit=" + crashed));
                    for (String secret : List.of("KATANA_ADMIN_TOKEN", "KATANA_GIT_ADMIN_PASSWORD",
                            "KATANA_MYSQL_PASSWORD")) {
                        assertThat(log).as("the build host's log holds no " + secret).doesNotContain(env.get(secret));
                    }
                } finally {
                    builder.destroy();
                    builder.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } finally {
            deleteSchedule(env);
            systems.close();
        }
    }

    /** A worker process (the packaged jar) serving only the build queue, as on a build host. */
    private static Process startBuildWorker(Map<String, String> env, int attempt) throws Exception {
        Path jar = Path.of("target", "katana.jar");
        assertThat(jar).as("the packaged jar (mvn verify packages it before the ITs)").exists();
        Path log = Files.createDirectories(Path.of("target", "crash-it")).resolve("build-worker-" + attempt + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "worker").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("KATANA_WORKER_QUEUES", "build");
        return builder.start();
    }

    private static void awaitStage(ApiCalls api, String patchId, String stage) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            var answer = api.get("/patches/" + patchId);
            if (answer.statusCode() == 200
                    && ApiCalls.JSON.readTree(answer.body()).path("stages").findValuesAsText("name").contains(stage)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("patch " + patchId + " never reached its " + stage + " stage");
    }

    /** How many times the patch's build activity was started, from the workflow's history. */
    private static int buildAttempts(Map<String, String> env, String workflowId) {
        var stubs = io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
                io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(env.get("KATANA_TEMPORAL_ADDRESS")).build());
        try {
            var history = io.temporal.client.WorkflowClient.newInstance(stubs).fetchHistory(workflowId);
            java.util.Set<Long> builds = new java.util.HashSet<>();
            int attempts = 0;
            for (var event : history.getEvents()) {
                if (event.hasActivityTaskScheduledEventAttributes() && event.getActivityTaskScheduledEventAttributes()
                        .getActivityType().getName().equals("Build_BuildAndPush")) {
                    builds.add(event.getEventId());
                }
                if (event.hasActivityTaskStartedEventAttributes()
                        && builds.contains(event.getActivityTaskStartedEventAttributes().getScheduledEventId())) {
                    attempts = Math.max(attempts, event.getActivityTaskStartedEventAttributes().getAttempt());
                }
            }
            return attempts;
        } finally {
            stubs.shutdown();
        }
    }

    /** The reconciliation schedule of this test's task queue, which would otherwise outlive it. */
    private static void deleteSchedule(Map<String, String> env) {
        var stubs = io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
                io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(env.get("KATANA_TEMPORAL_ADDRESS")).build());
        try {
            io.temporal.client.schedules.ScheduleClient.newInstance(stubs)
                    .getHandle(io.katana.worker.temporal.ReconcileSchedule.id(env.get("KATANA_TASK_QUEUE"))).delete();
        } catch (RuntimeException absent) {
            // Never created (the test failed before), or deleted already.
        } finally {
            stubs.shutdown();
        }
    }

    private static JsonNode copyOf(ApiCalls api, String team) throws Exception {
        for (JsonNode copy : api.getJson("/challenges/" + CHALLENGE).get("teams")) {
            if (copy.get("team").asText().equals(team)) {
                return copy;
            }
        }
        throw new AssertionError("no copy of " + CHALLENGE + " for " + team);
    }

    /** Changes the team's checkout and runs the real patch_challenge; the pushed commit. */
    private static String patch(ItSystems systems, String change, String message) throws Exception {
        return systems.patchChallenge(TEAM, CHALLENGE, change, message);
    }

    /** The Deployment runs the digest with the commit annotation, and its one pod is Ready on node-0. */
    private static void assertRunning(ItSystems systems, String digest, String commit) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Deployment deployment = systems.kube.apps().deployments().inNamespace(TEAM).withName(CHALLENGE).get();
            var pods = systems.kube.pods().inNamespace(TEAM).withLabel(Labels.CHALLENGE, CHALLENGE).list().getItems();
            boolean settled = pods.size() == 1 && pods.get(0).getMetadata().getDeletionTimestamp() == null
                    && digest.equals(pods.get(0).getSpec().getContainers().get(0).getImage())
                    && pods.get(0).getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            if (settled || Instant.now().isAfter(deadline)) {
                assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .isEqualTo(digest);
                assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                        .containsEntry(ChallengeObjects.COMMIT_ANNOTATION, commit);
                assertThat(settled).as("one Ready pod on " + digest + ": " + pods).isTrue();
                assertThat(pods.get(0).getSpec().getNodeName()).isEqualTo("node-0");
                return;
            }
            Thread.sleep(500);
        }
    }

    private static String get(String service) {
        return "exec 3<>/dev/tcp/" + service + "/8080; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3";
    }

    private static String awaitOutput(ItSystems systems, String team, String script, String expected)
            throws Exception {
        return systems.awaitOutput(team, script, expected);
    }

    /**
     * A loop in the other team's master pod: a GET to the challenge's Service every 100 ms, each
     * answered "ok" with the page's patch marks, or "fail".
     */
    private static void startProbe(ItSystems systems, String service) throws Exception {
        String script = "cat > ~/probe.sh <<'EOF'\n"
                + "ip=$1; rm -f ~/probe.stop; : > ~/probe.log\n"
                + "while [ ! -e ~/probe.stop ]; do\n"
                + "  page=$(timeout 2 bash -c \"exec 3<>/dev/tcp/$ip/8080 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3"
                + " && cat <&3\" 2>/dev/null | tr -d '\\r')\n"
                + "  if [[ $page == *' 200 '*web-echo* ]]; then\n"
                + "    echo \"ok $(grep -o 'patched-[0-9a-f]*' <<<\"$page\" | tr '\\n' ' ')\" >> ~/probe.log\n"
                + "  else echo \"fail $(head -c 200 <<<\"$page\" | tr '\\n' ' ')\" >> ~/probe.log; fi\n"
                + "  sleep 0.1\n"
                + "done\n"
                + "echo done >> ~/probe.log\n"
                + "EOF\n"
                + "setsid nohup bash ~/probe.sh " + service + " >/dev/null 2>&1 < /dev/null &\n"
                + "sleep 1; cat ~/probe.log";
        ItSystems.Exec started = systems.exec(PROBER, script);
        assertThat(started.code()).as(started.out()).isZero();
    }

    /** Stops the loop; its counts ({@code ok}, {@code fail}, {@code marked}) and its first failures. */
    private static Map<String, String> stopProbe(ItSystems systems, String mark) throws Exception {
        systems.exec(PROBER, "touch ~/probe.stop");
        awaitOutput(systems, PROBER, "tail -n 1 ~/probe.log", "done");
        // A summary, not the log: fabric8's exec stream trips over long outputs.
        String summary = systems.exec(PROBER, "echo ok=$(grep -c '^ok' ~/probe.log); echo fail=$(grep -c '^fail'"
                + " ~/probe.log); echo marked=$(grep -c '" + mark + "' ~/probe.log);"
                + " echo first=$(grep '^fail' ~/probe.log | head -n 3 | tr '\\n' '|')").out();
        Map<String, String> counts = new HashMap<>();
        summary.lines().filter(line -> line.contains("=")).forEach(line -> counts.put(
                line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return counts;
    }

    /** Answers 503 to every request on Katana's port, and lets the test wait for one delivery. */
    private static final class RefusedDeliveries implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;
        private final java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();

        private RefusedDeliveries(com.sun.net.httpserver.HttpServer server) {
            this.server = server;
        }

        static RefusedDeliveries on(int port) throws java.io.IOException {
            var server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", port), 0);
            RefusedDeliveries away = new RefusedDeliveries(server);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
                away.seen.add(exchange.getRequestURI().getPath() + " " + body);
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            });
            server.start();
            return away;
        }

        /** Waits until a delivery to {@code path} naming {@code commit} was refused. */
        void await(String path, String commit, Duration limit) throws InterruptedException {
            Instant deadline = Instant.now().plus(limit);
            while (Instant.now().isBefore(deadline)) {
                String request = seen.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (request != null && request.startsWith(path + " ") && request.contains(commit)) {
                    return;
                }
            }
            throw new AssertionError("the git server never tried to deliver " + commit + " to " + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
