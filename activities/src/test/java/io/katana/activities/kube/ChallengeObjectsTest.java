package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.katana.activities.challenge.ChallengeYaml;
import io.katana.workflows.challenge.ChallengeSpec;
import org.junit.jupiter.api.Test;

class ChallengeObjectsTest {

    private static final String DIGEST = "127.0.0.1:5000/katana/web-echo@sha256:" + "a".repeat(64);
    private static final ChallengeSpec HTTP = ChallengeYaml.parse("""
            name: web-echo
            containers:
              app:
                ports: [8080, 9090]
                environment: {B: two, A: one}
                resources: {limits: {memory: 128Mi}}
            expose:
              app:
                - {target: 8080, http: web-echo, healthContent: echo}
            replicas: 2
            """);
    private static final ChallengeSpec TCP = ChallengeYaml.parse("""
            name: nc-flag
            containers:
              app:
                ports: [31337]
            """);

    @Test
    void theDeploymentRunsTheDigestWithoutDowntime() {
        Deployment deployment = ChallengeObjects.deployment("red", HTTP, DIGEST, "c0ffee", false);

        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("red");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        var template = deployment.getSpec().getTemplate();
        assertThat(template.getMetadata().getAnnotations()).containsEntry(ChallengeObjects.COMMIT_ANNOTATION, "c0ffee");
        assertThat(template.getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_CHALLENGE)
                .containsEntry(Labels.TEAM, "red").containsEntry(Labels.CHALLENGE, "web-echo");
        assertThat(template.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(template.getSpec().getTolerations()).isEmpty();
        Container container = template.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(DIGEST);
        assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("A=one", "B=two");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(2L);
    }

    @Test
    void aTagIsNeverDeployed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChallengeObjects.deployment("red", HTTP, "127.0.0.1:5000/katana/web-echo:latest", "c", false))
                .withMessageContaining("is not a digest reference");
    }

    @Test
    void aTcpChallengeIsCheckedByConnectingAndServesEveryDeclaredPort() {
        Container container = ChallengeObjects.deployment("red", TCP, DIGEST, "c", true)
                .getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(31337);
        assertThat(ChallengeObjects.service("red", TCP).getSpec().getPorts()).extracting(p -> p.getPort())
                .containsExactly(31337);
        assertThat(ChallengeObjects.deployment("red", TCP, DIGEST, "c", true).getSpec().getTemplate().getSpec()
                .getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("kwok.x-k8s.io/node"));
    }

    @Test
    void theServiceOffersTheExposedPortsOnly() {
        var service = ChallengeObjects.service("red", HTTP);

        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(8080);
        assertThat(service.getSpec().getSelector()).containsEntry(Labels.CHALLENGE, "web-echo");
    }
}
