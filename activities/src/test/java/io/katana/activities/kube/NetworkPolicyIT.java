package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.katana.workflows.testkit.TestBed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NetworkPolicies are enforced on the real node (kube-router's firewall): a team's default-deny
 * shuts out another team's pod, and an explicit allow lets it in again.
 */
class NetworkPolicyIT {

    private final KubernetesClient kube = KubeClients.fromKubeconfig(
            Path.of(TestBed.env("KATANA_KUBECONFIG")), Duration.ofSeconds(15), 0);
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String server = "katana-it-a-" + suffix;
    private final String client = "katana-it-b-" + suffix;

    @AfterEach
    void cleanUp() {
        kube.namespaces().withName(server).delete();
        kube.namespaces().withName(client).delete();
        kube.close();
    }

    @Test
    void defaultDenyShutsOutOtherNamespacesUntilAllowed() {
        for (String name : new String[] {server, client}) {
            kube.resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("app.kubernetes.io/managed-by", "katana").endMetadata().build())
                    .fieldManager("katana").forceConflicts().serverSideApply();
        }
        String image = TestBed.env("KATANA_TESTBED_BUSYBOX_IMAGE");
        Pod web = ready(kube.resource(pod(server, "web", image,
                "mkdir -p /www && echo open > /www/index.html && exec httpd -f -p 8080 -h /www")).create());
        Pod probe = ready(kube.resource(pod(client, "probe", image, "exec sleep 3600")).create());
        String address = web.getStatus().getPodIP();

        awaitAnswer(probe, address, true);

        apply(new NetworkPolicyBuilder().withNewMetadata().withName("default-deny").withNamespace(server).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build());
        awaitAnswer(probe, address, false);

        apply(new NetworkPolicyBuilder().withNewMetadata().withName("allow-client").withNamespace(server).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", client).endNamespaceSelector().endFrom().endIngress()
                .endSpec().build());
        awaitAnswer(probe, address, true);
    }

    private void apply(NetworkPolicy policy) {
        kube.resource(policy).fieldManager("katana").forceConflicts().serverSideApply();
    }

    private static Pod pod(String namespace, String name, String image, String script) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName(name).withImage(image).withCommand("sh", "-c", script).endContainer()
                .endSpec().build();
    }

    private Pod ready(Pod pod) {
        return kube.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .waitUntilCondition(p -> p != null && Readiness.isPodReady(p), 90, TimeUnit.SECONDS);
    }

    /** Policies take effect within a moment, not at once: poll until the probe sees what we expect. */
    private void awaitAnswer(Pod probe, String address, boolean reachable) {
        Instant deadline = Instant.now().plusSeconds(30);
        boolean answered;
        do {
            answered = fetch(probe, address).equals("open");
        } while (answered != reachable && Instant.now().isBefore(deadline));
        assertThat(answered).as("%s:8080 reachable from %s", address, probe.getMetadata().getNamespace())
                .isEqualTo(reachable);
    }

    /** The page's last line; nc, since the static busybox's wget crashes without NSS libraries. */
    private String fetch(Pod probe, String address) {
        String request = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + address + " 8080 | tail -n 1";
        try (ExecWatch watch = kube.pods().inNamespace(probe.getMetadata().getNamespace())
                .withName(probe.getMetadata().getName()).redirectingOutput()
                .exec("sh", "-c", request)) {
            String out = new String(watch.getOutput().readAllBytes(), StandardCharsets.UTF_8).trim();
            watch.exitCode().get(30, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("exec in " + probe.getMetadata().getName() + " failed", e);
        }
    }
}
