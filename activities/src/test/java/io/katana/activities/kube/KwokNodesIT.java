package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.katana.workflows.testkit.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated nodes for scale tests: only pods that tolerate their taint land there. */
class KwokNodesIT {

    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "scale");

    private final KubernetesClient kube = KubeClients.fromKubeconfig(
            Path.of(TestBed.env("KATANA_KUBECONFIG")), Duration.ofSeconds(15), 0);
    private final String namespace = "katana-it-kwok-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void cleanUp() {
        kube.namespaces().withName(namespace).delete();
        kube.close();
    }

    @Test
    void tolerantPodsBecomeReadyOnSimulatedNodesOnly() {
        kube.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .fieldManager("katana").forceConflicts().serverSideApply();
        Deployment scale = new DeploymentBuilder()
                .withNewMetadata().withName("scale").withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(20).withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec()
                .addNewToleration().withKey("kwok.x-k8s.io/node").withOperator("Exists").withEffect("NoSchedule")
                .endToleration()
                .withNodeSelector(Map.of("type", "kwok"))
                .addNewContainer().withName("c").withImage(TestBed.env("KATANA_TESTBED_BUSYBOX_IMAGE")).endContainer()
                .endSpec().endTemplate().endSpec().build();
        kube.resource(scale).fieldManager("katana").forceConflicts().serverSideApply();

        kube.apps().deployments().inNamespace(namespace).withName("scale").waitUntilCondition(
                d -> d != null && d.getStatus() != null && Integer.valueOf(20).equals(d.getStatus().getReadyReplicas()),
                // kwok marks pods Ready at its own pace: on a loaded machine 20 pods took over 90 s.
                180, TimeUnit.SECONDS);

        List<Pod> pods = kube.pods().inNamespace(namespace).withLabels(LABELS).list().getItems();
        assertThat(pods).hasSize(20).allSatisfy(pod -> {
            assertThat(Readiness.isPodReady(pod)).isTrue();
            assertThat(pod.getSpec().getNodeName()).startsWith("kwok-node-");
        });
    }
}
