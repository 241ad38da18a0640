package io.katana.activities.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The admin namespace's services from {@code deploy/infraset} (on the classpath as
 * {@code infraset/}), in the order its kustomization lists them, placed in Katana's namespace with
 * the configured images.
 */
public final class Infraset {

    public static final String MYSQL_SECRET = "katana-mysql";
    public static final String MONGO_SECRET = "katana-mongo";
    public static final String COMPONENT = "infraset";
    private static final Duration DEADLINE = Duration.ofMinutes(9);

    private final String namespace;
    private final Map<String, String> images;

    public Infraset(String namespace, Map<String, String> images) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.images = Map.copyOf(images);
    }

    /** The files the kustomization lists, in order. */
    static List<String> resourceFiles(String kustomization) {
        List<String> files = new ArrayList<>();
        boolean inResources = false;
        for (String line : kustomization.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (!line.startsWith(" ") && !line.startsWith("-")) {
                inResources = trimmed.equals("resources:");
                continue;
            }
            if (inResources && trimmed.startsWith("- ")) {
                files.add(trimmed.substring(2).strip());
            }
        }
        return files;
    }

    /** Every object of the infraset, in Katana's namespace, with image overrides by container name. */
    public List<HasMetadata> objects() {
        List<HasMetadata> objects = new ArrayList<>();
        for (String file : resourceFiles(read("kustomization.yaml"))) {
            for (String document : read(file).split("(?m)^---\\s*$")) {
                if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                    continue;
                }
                HasMetadata object = Serialization.unmarshal(document, HasMetadata.class);
                object.getMetadata().setNamespace(namespace);
                overrideImages(object);
                objects.add(object);
            }
        }
        return objects;
    }

    /**
     * The credentials the infraset's databases start with: the ones Katana is configured to log in
     * with (MySQL's root, the user of the MongoDB URI), so that the two agree by construction.
     * Created once, never overwritten.
     */
    public List<Secret> secrets(io.katana.workflows.common.Secret mysqlRootPassword, String mongoUser,
            io.katana.workflows.common.Secret mongoPassword) {
        return List.of(
                secret(MYSQL_SECRET, Map.of("root-password", mysqlRootPassword.reveal())),
                secret(MONGO_SECRET, Map.of("root-username", mongoUser, "root-password", mongoPassword.reveal())));
    }

    private Secret secret(String name, Map<String, String> values) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(Labels.katana(name, "credentials")).endMetadata()
                .withType("Opaque").withStringData(values).build();
    }

    private void overrideImages(HasMetadata object) {
        PodSpec spec = object instanceof StatefulSet set ? set.getSpec().getTemplate().getSpec()
                : object instanceof Deployment deployment ? deployment.getSpec().getTemplate().getSpec() : null;
        if (spec == null) {
            return;
        }
        List<Container> containers = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            containers.addAll(spec.getInitContainers());
        }
        String workload = object.getMetadata().getName();
        for (Container container : containers) {
            // An init container runs the workload's image: it follows the workload's override.
            String image = images.getOrDefault(container.getName(), images.get(workload));
            if (image != null) {
                container.setImage(image);
            }
        }
    }

    /** Waits until every workload of the infraset has all its replicas ready. */
    public static void awaitReady(KubernetesClient kube, String namespace, Runnable heartbeat) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            heartbeat.run();
            List<String> waiting = new ArrayList<>();
            kube.apps().statefulSets().inNamespace(namespace).withLabel(Labels.COMPONENT, COMPONENT).list().getItems()
                    .forEach(set -> {
                        if (!Objects.equals(set.getStatus() == null ? null : set.getStatus().getReadyReplicas(),
                                set.getSpec().getReplicas())) {
                            waiting.add("StatefulSet/" + set.getMetadata().getName());
                        }
                    });
            kube.apps().deployments().inNamespace(namespace).withLabel(Labels.COMPONENT, COMPONENT).list().getItems()
                    .forEach(deployment -> {
                        if (!Objects.equals(deployment.getStatus() == null ? null
                                : deployment.getStatus().getReadyReplicas(), deployment.getSpec().getReplicas())) {
                            waiting.add("Deployment/" + deployment.getMetadata().getName());
                        }
                    });
            if (waiting.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("infraset not ready after " + DEADLINE.toMinutes() + " min: "
                        + String.join(", ", waiting));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the infraset", e);
            }
        }
    }

    private static String read(String file) {
        try (InputStream in = Infraset.class.getResourceAsStream("/infraset/" + file)) {
            if (in == null) {
                throw new IllegalStateException("infraset file " + file + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
