package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.katana.activities.common.Trees;
import io.katana.activities.kube.KubeClients;
import io.katana.activities.kube.TeamObjects;
import io.katana.workflows.testkit.TestBed;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Katana deployed on the test bed's cluster as an organiser deploys it (deploy/k8s): the base and
 * both overlays pass the API server's dry run, the test-bed overlay runs on node-0 and answers
 * through its Service, the ServiceAccounts can do exactly what rbac.yaml and admission.yaml say,
 * and the Jib-built API image answers {@code /healthz} in Docker.
 *
 * <p>The real overlay is only dry-run: its images and addresses belong to an event, not to this
 * machine. The base is only dry-run too: it is Katana's namespace {@code katana}, which the other
 * ITs on this test bed use. The test-bed overlay is applied with the images pinned to the digests
 * Jib pushed in this build (worker/target/jib-*.digest), and deleted again at the end.
 */
class DeployIT {

    private static final String NS = "katana-deploy-it";
    private static final String TEAM_NS = "katana-deploy-it-team";
    private static final String PLAIN_NS = "katana-deploy-it-plain";
    private static final String WORKER = "system:serviceaccount:" + NS + ":katana-worker";
    private static final String API = "system:serviceaccount:" + NS + ":katana-api";
    private static final String BUILD = "system:serviceaccount:" + NS + ":katana-build";
    private static final Path K8S = Path.of("..", "deploy", "k8s");
    private static final Path TARGET = Path.of("target");
    private static final String CONTAINER = "katana-deploy-it-api";
    private static final List<String> SECRET_KEYS =
            List.of("KATANA_MONGODB_URI", "KATANA_MYSQL_PASSWORD", "KATANA_GIT_ADMIN_PASSWORD", "KATANA_ADMIN_TOKEN");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static Path tree;
    private static KubernetesClient kube;
    private static boolean createdKatanaNamespace;

    @BeforeAll
    static void deploy() throws Exception {
        kube = KubeClients.fromKubeconfig(Path.of(TestBed.env("KATANA_KUBECONFIG")), Duration.ofSeconds(20), 0);
        cleanUp();
        tree = copyOfTheManifests();

        // A server-side dry run of namespaced objects needs their namespace to exist.
        createdKatanaNamespace = kube.namespaces().withName("katana").get() == null;
        if (createdKatanaNamespace) {
            kubectl("create", "namespace", "katana").assertOk();
        }
        kubectl("apply", "-f", "-").stdin(namespaceYaml(NS)).assertOk();
        for (String kustomization : List.of("base", "overlays/real", "overlays/testbed")) {
            Result dryRun = kubectl("apply", "-k", tree.resolve(kustomization).toString(), "--dry-run=server").run();
            dryRun.assertOk();
            assertThat(dryRun.out()).as(kustomization).contains("deployment.apps/katana-worker")
                    .contains("deployment.apps/katana-api").contains("validatingadmissionpolicy");
        }

        kubectl("apply", "-k", tree.resolve("overlays/testbed").toString()).assertOk();
        Instant started = Instant.now();
        kubectl("-n", NS, "wait", "--for=condition=Available", "deployment/katana-worker", "deployment/katana-api",
                "--timeout=240s").assertOk();
        System.err.printf("DeployIT: worker and API Available %d s after the apply%n",
                Duration.between(started, Instant.now()).toSeconds());
    }

    @AfterAll
    static void cleanUpAfter() throws Exception {
        if (kube == null) {
            return;
        }
        try {
            cleanUp();
            if (createdKatanaNamespace) {
                kubectl("delete", "namespace", "katana", "--ignore-not-found", "--wait=false").run();
            }
        } finally {
            kube.close();
            if (tree != null) {
                Trees.deleteQuietly(tree);
            }
        }
    }

    @Test
    void theTestBedOverlayRunsOnTheRealNodeAndAnswersThroughItsService() throws Exception {
        for (String app : List.of("katana-worker", "katana-api")) {
            List<Pod> pods = kube.pods().inNamespace(NS).withLabel("app.kubernetes.io/name", app).list().getItems();
            assertThat(pods).as(app).isNotEmpty().allSatisfy(pod -> {
                assertThat(pod.getSpec().getNodeName()).isEqualTo("node-0");
                assertThat(pod.getStatus().getContainerStatuses()).allMatch(s -> Boolean.TRUE.equals(s.getReady()));
                assertThat(pod.getSpec().getContainers().get(0).getImage()).contains("@sha256:");
            });
        }
        String clusterIp = kube.services().inNamespace(NS).withName("katana-api").get().getSpec().getClusterIP();
        HttpResponse<String> health = get("http://" + clusterIp + ":18100/healthz", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("\"kubernetes\"").doesNotContain("\"docker\"");
        HttpResponse<String> workerHealth = get("http://" + TestBed.env("KATANA_TESTBED_NODE_IP") + ":18101/healthz", null);
        assertThat(workerHealth.statusCode()).as(workerHealth.body()).isEqualTo(200);

        // The in-cluster API has no Kubernetes access: it says where a team's credentials are.
        HttpResponse<String> credentials = get("http://" + clusterIp + ":18100/api/v1/teams/red/credentials",
                TestBed.env("KATANA_ADMIN_TOKEN"));
        assertThat(credentials.statusCode()).isEqualTo(501);
        assertThat(credentials.body()).contains("team-credentials").contains("kubectl -n red get secret");
    }

    @Test
    void theServiceAccountsMayDoWhatRbacYamlSaysAndNoMore() throws Exception {
        kubectl("create", "namespace", PLAIN_NS).assertOk();
        kubectl("apply", "-f", "-").stdin(namespaceYaml(TEAM_NS)).assertOk();
        // The worker binds itself and the build hosts in a team namespace, as TeamObjects says...
        String bindings = Serialization.asYaml(new KubernetesListBuilder()
                .addToItems(TeamObjects.roleBindings(TEAM_NS, NS).toArray(HasMetadata[]::new)).build());
        kubectl("apply", "--as=" + WORKER, "-f", "-").stdin(bindings).assertOk();
        // ...but not in a namespace Katana did not label, nor in kube-system (dry run: nothing lands there).
        String plain = Serialization.asYaml(TeamObjects.roleBindings(PLAIN_NS, NS).get(0));
        assertRefusedByPolicy(kubectl("apply", "--as=" + WORKER, "-f", "-").stdin(plain), "not labelled");
        assertRefusedByPolicy(kubectl("apply", "--as=" + WORKER, "--dry-run=server", "-f", "-")
                .stdin(plain.replace(PLAIN_NS, "kube-system")), "not labelled");
        // Nor bind its role to another account (a team's pod would get cluster credentials).
        assertRefusedByPolicy(kubectl("apply", "--as=" + WORKER, "-f", "-")
                .stdin(bindings.replace("name: \"katana-worker\"", "name: \"default\"")
                        .replace("name: katana-worker", "name: default")), "may only bind");
        // Namespaces: its own labelled ones, never an existing one it would label its way into.
        kubectl("apply", "--as=" + WORKER, "--dry-run=server", "-f", "-").stdin(namespaceYaml("katana-deploy-it-new"))
                .assertOk();
        assertRefusedByPolicy(kubectl("label", "namespace", "default", "app.kubernetes.io/managed-by=katana",
                "--as=" + WORKER, "--dry-run=server"), "only write Namespaces labelled");
        assertRefusedByPolicy(kubectl("create", "namespace", "katana-deploy-it-unlabelled", "--as=" + WORKER,
                "--dry-run=server"), "only write Namespaces labelled");
        kubectl("-n", TEAM_NS, "create", "configmap", "probe", "--from-literal=a=b", "--as=" + WORKER).assertOk();
        assertThat(kubectl("-n", PLAIN_NS, "create", "configmap", "probe", "--from-literal=a=b", "--as=" + WORKER)
                .code()).isNotZero();

        Map<String, Boolean> expected = new TreeMap<>();
        expected.put(WORKER + " create namespaces", true);
        expected.put(WORKER + " create deployments -n " + TEAM_NS, true);
        expected.put(WORKER + " create secrets -n " + TEAM_NS, true);
        expected.put(WORKER + " create pods -n " + TEAM_NS + " --subresource=exec", true);
        expected.put(WORKER + " get secrets -n " + NS, true);
        expected.put(WORKER + " create statefulsets -n " + NS, true);
        expected.put(WORKER + " watch deployments -A", true);
        expected.put(WORKER + " bind clusterroles/katana-team", true);
        expected.put(WORKER + " get secrets -n kube-system", false);
        expected.put(WORKER + " get secrets -n default", false);
        expected.put(WORKER + " list secrets -A", false);
        expected.put(WORKER + " create pods -n kube-system", false);
        expected.put(WORKER + " create deployments -n kube-system", false);
        expected.put(WORKER + " create deployments -n " + PLAIN_NS, false);
        expected.put(WORKER + " get pods -n kube-system", false);
        expected.put(WORKER + " create clusterrolebindings", false);
        expected.put(WORKER + " bind clusterroles/cluster-admin", false);
        expected.put(WORKER + " delete namespaces", false);
        for (String action : List.of("create namespaces", "get secrets -n " + NS, "get secrets -n " + TEAM_NS,
                "list pods -A", "create deployments -n " + TEAM_NS, "get secrets -n kube-system",
                "create pods -n kube-system", "get configmaps -n " + NS)) {
            expected.put(API + " " + action, false);
        }
        expected.put(BUILD + " get secrets/team-credentials -n " + TEAM_NS, true);
        expected.put(BUILD + " get secrets/team-ssh -n " + TEAM_NS, false);
        expected.put(BUILD + " list secrets -n " + TEAM_NS, false);
        expected.put(BUILD + " get secrets/team-credentials -n kube-system", false);
        expected.put(BUILD + " create pods -n " + TEAM_NS, false);

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Boolean> check : expected.entrySet()) {
            String[] words = check.getKey().split(" ");
            List<String> args = new ArrayList<>(List.of("auth", "can-i", "--as=" + words[0]));
            args.addAll(List.of(words).subList(1, words.length));
            Result answer = kubectl(args.toArray(String[]::new)).run();
            // The answer is the last line; kubectl may warn before it ("not namespace scoped").
            List<String> lines = answer.out().strip().lines().toList();
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
            boolean allowed = answer.code() == 0 && last.equals("yes");
            if (allowed != check.getValue()) {
                wrong.add(check.getKey() + ": expected " + (check.getValue() ? "yes" : "no") + ", was " + answer.out().strip());
            }
        }
        System.err.printf("DeployIT: %d kubectl auth can-i checks%n", expected.size());
        assertThat(wrong).isEmpty();
    }

    @Test
    void theJibBuiltApiImageAnswersHealthzInDocker() throws Exception {
        int port = freePortInRange();
        Path envFile = TARGET.resolve("deploy-it-api.env");
        StringBuilder env = new StringBuilder();
        // The test bed's settings without a kubeconfig: the API needs no Kubernetes access.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("KATANA_") && !name.startsWith("KATANA_TESTBED_") && !name.equals("KATANA_KUBECONFIG")
                    && !name.startsWith("KATANA_API_") && !name.equals("KATANA_TASK_QUEUE")) {
                env.append(name).append('=').append(value).append('\n');
            }
        });
        env.append("KATANA_API_HOST=127.0.0.1\nKATANA_API_PORT=").append(port).append('\n');
        env.append("KATANA_TASK_QUEUE=").append(NS).append('\n');
        Files.writeString(envFile, "");
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(envFile, env);
        String image = TestBed.env("KATANA_REGISTRY") + "/katana/api@" + digest("api");
        try {
            docker("rm", "-f", CONTAINER);
            docker("run", "-d", "--name", CONTAINER, "--network", "host", "--env-file", envFile.toString(), image)
                    .assertOk();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            HttpResponse<String> health = null;
            while (Instant.now().isBefore(deadline)) {
                try {
                    health = get("http://127.0.0.1:" + port + "/healthz", null);
                    if (health.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // The JVM is still starting.
                }
                Thread.sleep(500);
            }
            assertThat(health).as("no answer from the container; docker logs " + CONTAINER).isNotNull();
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(docker("inspect", "--format", "{{.Config.User}}", CONTAINER).out().strip()).isEqualTo("65532:65532");
        } finally {
            docker("rm", "-f", CONTAINER);
            Files.deleteIfExists(envFile);
        }
    }

    private static void cleanUp() throws Exception {
        docker("rm", "-f", CONTAINER);
        if (tree != null) {
            kubectl("delete", "-k", tree.resolve("overlays/testbed").toString(), "--ignore-not-found", "--wait=false").run();
        }
        kubectl("delete", "namespace", NS, TEAM_NS, PLAIN_NS, "--ignore-not-found", "--timeout=180s").run();
        // The cluster-scoped objects of the overlay (a run killed before its end leaves them).
        kubectl("delete", "clusterrolebinding", "katana-worker", "--ignore-not-found").run();
        kubectl("delete", "clusterrole", "katana-worker", "katana-team", "katana-build", "--ignore-not-found").run();
        kubectl("delete", "validatingadmissionpolicybinding,validatingadmissionpolicy", "katana-worker-scope",
                "--ignore-not-found").run();
    }

    /**
     * deploy/k8s in a temporary folder, with the env files of the Secrets (never committed) and
     * the test-bed overlay's images pinned to the digests this build pushed.
     */
    private static Path copyOfTheManifests() throws Exception {
        Path copy = Files.createTempDirectory("katana-deploy-it-");
        Trees.copy(K8S, copy);
        StringBuilder secrets = new StringBuilder();
        for (String key : SECRET_KEYS) {
            secrets.append(key).append('=').append(TestBed.env(key)).append('\n');
        }
        writePrivate(copy.resolve("overlays/testbed/secrets.env"), secrets.toString());
        writePrivate(copy.resolve("overlays/real/secrets.env"),
                Files.readString(copy.resolve("overlays/real/secrets.env.example")));
        Path kustomization = copy.resolve("overlays/testbed/kustomization.yaml");
        String text = Files.readString(kustomization);
        for (String image : List.of("worker", "api")) {
            text = Pattern.compile("(\\{name: katana/" + image + ", newName: [^,]+), newTag: [^}]+}")
                    .matcher(text).replaceFirst("$1, digest: " + digest(image) + "}");
        }
        assertThat(text).contains("digest: sha256:");
        Files.writeString(kustomization, text);
        return copy;
    }

    private static String digest(String image) throws IOException {
        Path file = TARGET.resolve("jib-" + image + ".digest");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file.toAbsolutePath() + ": run `mvn verify` with the test bed's env"
                    + " sourced and without -o once, so that Jib builds and pushes the images (Jib does not push in"
                    + " Maven's offline mode)");
        }
        return Files.readString(file).strip();
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static String namespaceYaml(String name) {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name
                + "\n  labels: {app.kubernetes.io/managed-by: katana, app.kubernetes.io/part-of: katana}\n";
    }

    private static void assertRefusedByPolicy(Cli command, String reason) throws Exception {
        assertRefusedByPolicy(command.run(), reason);
    }

    private static void assertRefusedByPolicy(Result result, String reason) {
        assertThat(result.code()).as(result.out()).isNotZero();
        assertThat(result.out()).contains("katana-worker-scope").contains(reason);
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A free port of this test's own range (18102..18109; the overlay uses 18100 and 18101). */
    private static int freePortInRange() {
        for (int port = 18102; port <= 18109; port++) {
            try (ServerSocket free = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return free.getLocalPort();
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new IllegalStateException("no free port in 18102..18109");
    }

    private static Cli kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of(TestBed.env("KATANA_TESTBED_KUBECTL"),
                "--kubeconfig=" + TestBed.env("KATANA_KUBECONFIG")));
        command.addAll(List.of(args));
        return new Cli(command);
    }

    private static Result docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "-H", TestBed.env("KATANA_DOCKER_HOST")));
        command.addAll(List.of(args));
        return new Cli(command).run();
    }

    /** A command line, run when its result is asked for; output with any secret of the test bed redacted. */
    private record Cli(List<String> args, String input) {

        Cli(List<String> args) {
            this(args, null);
        }

        Result stdin(String text) throws Exception {
            return new Cli(args, text).run();
        }

        void assertOk() throws Exception {
            run().assertOk();
        }

        int code() throws Exception {
            return run().code();
        }

        String out() throws Exception {
            return run().out();
        }

        Result run() throws Exception {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", args));
            }
            return new Result(String.join(" ", args.subList(1, args.size())), process.exitValue(), redact(out));
        }
    }

    private record Result(String command, int code, String out) {
        Result assertOk() {
            assertThat(code).as(command + "\n" + out).isZero();
            return this;
        }
    }

    private static String redact(String text) {
        String redacted = text;
        for (String key : SECRET_KEYS) {
            String value = System.getenv(key);
            if (value != null && !value.isBlank()) {
                redacted = redacted.replace(value, "***");
            }
        }
        return redacted;
    }
}
