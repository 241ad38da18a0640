package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.katana.activities.images.DockerClients;
import io.katana.activities.images.TestImages;
import io.katana.workflows.testkit.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test bed's cluster through fabric8: server-side apply, a pod Ready on the real node serving
 * through its Service, exec, and a rollout to a new image with no failed request meanwhile.
 */
class KubernetesIT {

    private static final String FIELD_MANAGER = "katana";
    private static final Map<String, String> LABELS = Map.of(
            "app.kubernetes.io/name", "web", "app.kubernetes.io/managed-by", "katana");

    private final KubernetesClient kube = KubeClients.fromKubeconfig(
            Path.of(TestBed.env("KATANA_KUBECONFIG")), Duration.ofSeconds(15), 0);
    private final DockerClient docker = DockerClients.create(URI.create(TestBed.env("KATANA_DOCKER_HOST")),
            Duration.ofSeconds(5), Duration.ofMinutes(3));
    private final String namespace = "katana-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String repository = TestBed.env("KATANA_REGISTRY") + "/katana-it/web";

    @TempDir
    Path context;

    @AfterEach
    void cleanUp() throws IOException {
        kube.namespaces().withName(namespace).delete();
        kube.close();
        docker.close();
    }

    @Test
    void deploysServesExecsAndRollsToANewImageWithoutAFailedRequest() throws Exception {
        String v1 = image("v1");
        String v2 = image("v2");

        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "katana").endMetadata().build();
        kube.resource(ns).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        kube.resource(deployment(v1)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        Service service = kube.resource(service()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        String address = service.getSpec().getClusterIP();

        Pod pod = awaitReadyPod(v1);
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-0");
        // A new Service answers once kube-proxy has programmed it: wait instead of trusting the first try.
        await(Duration.ofSeconds(30), () -> "v1".equals(get(address)));

        assertThat(exec(pod, "echo exec:$(cat /www/index.html)")).isEqualTo("exec:v1");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failed = new AtomicInteger();
        List<String> answers = new CopyOnWriteArrayList<>();
        Thread load = new Thread(() -> {
            while (running.get()) {
                String answer = get(address);
                if (answer == null) {
                    failed.incrementAndGet();
                } else {
                    answers.add(answer);
                }
                sleep(20);
            }
        });
        load.start();
        sleep(500);
        kube.resource(deployment(v2)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        awaitRolledOut();
        await(Duration.ofSeconds(30), () -> !answers.isEmpty() && answers.get(answers.size() - 1).equals("v2"));
        // While both pods are Ready the Service answers from either; once the old pod terminates
        // (its endpoint dropped within a kube-proxy sync), only the new one answers.
        sleep(1500);
        int settled = answers.size();
        sleep(1000);
        running.set(false);
        load.join();

        System.err.printf("rollout: %d requests answered, %d failed%n", answers.size(), failed.get());
        assertThat(failed.get()).as("requests that failed during the rollout").isZero();
        assertThat(answers).contains("v1", "v2");
        assertThat(answers.subList(settled, answers.size())).isNotEmpty().containsOnly("v2");
    }

    /** A busybox web server whose page is {@code version}, built and pushed; returns {@code repo@digest}. */
    private String image(String version) throws Exception {
        Path dir = Files.createDirectories(context.resolve(version));
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s
                RUN mkdir /www && echo %s > /www/index.html && echo %s > /www/nonce
                CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                """.formatted(TestBed.env("KATANA_TESTBED_BUSYBOX_IMAGE"), version, UUID.randomUUID()));
        String tag = version + "-" + UUID.randomUUID().toString().substring(0, 8);
        TestImages.build(docker, dir, repository + ":" + tag);
        return repository + "@" + TestImages.push(docker, repository, tag);
    }

    private Deployment deployment(String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(namespace).withLabels(LABELS).endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1))
                .endRollingUpdate().endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(10L)
                .addNewContainer().withName("web").withImage(image)
                .addNewPort().withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(8080)).endHttpGet()
                .withPeriodSeconds(1).endReadinessProbe()
                // Keeps serving until kube-proxy has dropped the endpoint of a terminating pod.
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("sleep", "2").endExec().endPreStop()
                .endLifecycle()
                .endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private Service service() {
        return new ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace(namespace).withLabels(LABELS).endMetadata()
                .withNewSpec().withSelector(LABELS)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .endSpec().build();
    }

    private Pod awaitReadyPod(String image) {
        Pod[] ready = new Pod[1];
        await(Duration.ofSeconds(90), () -> {
            for (Pod pod : kube.pods().inNamespace(namespace).withLabels(LABELS).list().getItems()) {
                if (Readiness.isPodReady(pod) && image.equals(pod.getSpec().getContainers().get(0).getImage())) {
                    ready[0] = pod;
                    return true;
                }
            }
            return false;
        });
        return ready[0];
    }

    private void awaitRolledOut() {
        await(Duration.ofSeconds(90), () -> {
            Deployment d = kube.apps().deployments().inNamespace(namespace).withName("web").get();
            var status = d.getStatus();
            return status != null && status.getObservedGeneration() != null
                    && status.getObservedGeneration() >= d.getMetadata().getGeneration()
                    && Integer.valueOf(1).equals(status.getUpdatedReplicas())
                    && Integer.valueOf(1).equals(status.getReplicas())
                    && Integer.valueOf(1).equals(status.getAvailableReplicas());
        });
    }

    private String exec(Pod pod, String command) throws Exception {
        try (ExecWatch watch = kube.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                .redirectingOutput().exec("sh", "-c", command)) {
            String out = new String(watch.getOutput().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(watch.exitCode().get(30, TimeUnit.SECONDS)).isZero();
            return out;
        }
    }

    /** One request on a new connection, as a player's client makes it; null when it failed. */
    private static String get(String address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, 80), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.0 200") && !response.startsWith("HTTP/1.1 200")) {
                return null;
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static void await(Duration limit, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + limit.toSeconds() + " s");
            }
            sleep(250);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
