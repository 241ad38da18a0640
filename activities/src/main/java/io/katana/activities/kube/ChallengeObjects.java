package io.katana.activities.kube;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.katana.workflows.challenge.ChallengeSpec;
import io.katana.workflows.challenge.ContainerSpec;
import io.katana.workflows.challenge.ExposedPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A team's copy of a challenge as Kubernetes objects, pure functions of the spec: a Deployment
 * that rolls without downtime and a Service for the exposed ports.
 */
public final class ChallengeObjects {

    /** The pod template annotation naming the commit a pod runs. */
    public static final String COMMIT_ANNOTATION = "katana.io/commit";
    /** Seconds an old pod keeps serving after it leaves the Service, so no request hits a closed port. */
    static final long PRE_STOP_SECONDS = 2;
    private static final Pattern DIGEST_REFERENCE = Pattern.compile("[^@\\s]+@sha256:[0-9a-f]{64}");

    private ChallengeObjects() {
    }

    /**
     * @param image {@code repo@sha256:...}: Katana deploys by digest, never by a moving tag
     * @param commit the commit of the team's repo the image was built from
     * @param tolerateKwok whether the pods may land on the test bed's simulated nodes (scale runs)
     */
    public static Deployment deployment(String team, ChallengeSpec spec, String image, String commit,
            boolean tolerateKwok) {
        if (!DIGEST_REFERENCE.matcher(image).matches()) {
            throw new IllegalArgumentException("image '" + image + "' is not a digest reference repo@sha256:<64 hex>");
        }
        ContainerSpec container = spec.container();
        Map<String, String> labels = labels(team, spec.name());
        Map<String, String> selector = selector(team, spec.name());
        List<Toleration> tolerations = tolerateKwok
                ? List.of(new TolerationBuilder().withKey("kwok.x-k8s.io/node").withOperator("Equal")
                        .withValue("fake").withEffect("NoSchedule").build())
                : List.of();
        return new DeploymentBuilder().withNewMetadata()
                .withName(spec.name()).withNamespace(TeamObjects.namespace(team)).withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(spec.replicas())
                .withRevisionHistoryLimit(5)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1))
                .endRollingUpdate().endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).addToAnnotations(COMMIT_ANNOTATION, commit).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(10L)
                .withTolerations(tolerations)
                .addNewContainer()
                .withName(container.name())
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withPorts(containerPorts(container))
                .withEnv(env(container))
                .withNewResources().withRequests(requests(container.resources()))
                .withLimits(limits(container.resources())).endResources()
                .withReadinessProbe(readiness(spec))
                .withNewLifecycle().withNewPreStop().withNewSleep().withSeconds(PRE_STOP_SECONDS).endSleep()
                .endPreStop().endLifecycle()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec().build();
    }

    /** The exposed ports, or every declared port when the package exposes none. */
    public static Service service(String team, ChallengeSpec spec) {
        List<ServicePort> ports = new ArrayList<>();
        for (int port : servicePorts(spec)) {
            ports.add(new ServicePortBuilder().withName("p" + port).withProtocol("TCP").withPort(port)
                    .withTargetPort(new IntOrString(port)).build());
        }
        return new ServiceBuilder().withNewMetadata()
                .withName(spec.name()).withNamespace(TeamObjects.namespace(team))
                .withLabels(labels(team, spec.name())).endMetadata()
                .withNewSpec().withSelector(selector(team, spec.name())).withPorts(ports).endSpec()
                .build();
    }

    static List<Integer> servicePorts(ChallengeSpec spec) {
        return spec.expose().isEmpty() ? spec.container().ports()
                : spec.expose().stream().map(ExposedPort::port).distinct().toList();
    }

    /**
     * Ready when the first exposed port answers: an HTTP GET for HTTP ports (Kubernetes checks the
     * status; the content is checked by Katana's own verification), a TCP connect otherwise.
     */
    static Probe readiness(ChallengeSpec spec) {
        ProbeBuilder probe = new ProbeBuilder().withPeriodSeconds(1).withFailureThreshold(3).withTimeoutSeconds(1);
        if (!spec.expose().isEmpty() && spec.expose().get(0).protocol() == ExposedPort.Protocol.HTTP) {
            return probe.withNewHttpGet().withPath("/").withPort(new IntOrString(spec.expose().get(0).port()))
                    .endHttpGet().build();
        }
        int port = spec.expose().isEmpty() ? spec.container().ports().get(0) : spec.expose().get(0).port();
        return probe.withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket().build();
    }

    static Map<String, String> labels(String team, String challenge) {
        Map<String, String> labels = Labels.team(team, challenge, "challenge");
        labels.put(Labels.CHALLENGE, challenge);
        labels.put(Labels.ROLE, Labels.ROLE_CHALLENGE);
        return labels;
    }

    static Map<String, String> selector(String team, String challenge) {
        return Map.of(Labels.TEAM, team, Labels.CHALLENGE, challenge);
    }

    private static List<ContainerPort> containerPorts(ContainerSpec container) {
        return container.ports().stream()
                .map(port -> new ContainerPortBuilder().withContainerPort(port).withProtocol("TCP").build())
                .toList();
    }

    private static List<EnvVar> env(ContainerSpec container) {
        return container.environment().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                .toList();
    }

    private static Map<String, Quantity> requests(ContainerSpec.Resources resources) {
        return quantities(resources.cpuRequest(), resources.memoryRequest());
    }

    private static Map<String, Quantity> limits(ContainerSpec.Resources resources) {
        return quantities(resources.cpuLimit(), resources.memoryLimit());
    }

    /** Only what the package names: the rest comes from the team namespace's LimitRange. */
    private static Map<String, Quantity> quantities(String cpu, String memory) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        if (cpu != null) {
            quantities.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            quantities.put("memory", new Quantity(memory));
        }
        return quantities;
    }
}
