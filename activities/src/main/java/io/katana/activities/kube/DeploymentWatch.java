package io.katana.activities.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Every challenge Deployment and pod of every team, as informers keep them: a rollout wait reads
 * the cache and wakes on each change instead of asking the API server once per patch and second.
 * Started on first use, shared by all waits of the worker.
 */
public final class DeploymentWatch implements AutoCloseable {

    private static final long RESYNC_MILLIS = 0;

    private final KubernetesClient client;
    private final Object changed = new Object();
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<Pod> pods;

    public DeploymentWatch(KubernetesClient client) {
        this.client = client;
    }

    private synchronized void start() {
        if (deployments != null) {
            return;
        }
        ResourceEventHandler<Object> wake = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                signal();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                signal();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                signal();
            }
        };
        deployments = client.apps().deployments().inAnyNamespace().withLabel(Labels.ROLE, Labels.ROLE_CHALLENGE)
                .inform(cast(wake), RESYNC_MILLIS);
        pods = client.pods().inAnyNamespace().withLabel(Labels.ROLE, Labels.ROLE_CHALLENGE)
                .inform(cast(wake), RESYNC_MILLIS);
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** The Deployment as last seen, or null. */
    public Deployment deployment(String namespace, String name) {
        start();
        return deployments.getIndexer().getByKey(namespace + "/" + name);
    }

    /** The pods of one challenge in one namespace, as last seen. */
    public List<Pod> pods(String namespace, String challenge) {
        start();
        return pods.getIndexer().list().stream()
                .filter(pod -> namespace.equals(pod.getMetadata().getNamespace()))
                .filter(pod -> pod.getMetadata().getLabels() != null
                        && challenge.equals(pod.getMetadata().getLabels().get(Labels.CHALLENGE)))
                .toList();
    }

    /**
     * Waits until the Deployment meets {@code done}, waking on every change and at least each
     * second (to heartbeat).
     *
     * @return true when it did, false when the deadline passed first
     */
    public boolean await(String namespace, String name, Predicate<Deployment> done, Duration deadline,
            Runnable heartbeat) throws InterruptedException {
        start();
        Instant end = Instant.now().plus(deadline);
        while (true) {
            heartbeat.run();
            if (done.test(deployment(namespace, name))) {
                return true;
            }
            long left = Duration.between(Instant.now(), end).toMillis();
            if (left <= 0) {
                return false;
            }
            synchronized (changed) {
                changed.wait(Math.min(left, 1000));
            }
        }
    }

    /** Every replica runs the newest template with this image, and is ready. */
    public static boolean rolledOut(Deployment deployment, String image) {
        if (deployment == null) {
            return false;
        }
        var containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return !containers.isEmpty() && Objects.equals(containers.get(0).getImage(), image) && available(deployment);
    }

    /** Every replica runs the newest template and is ready. */
    public static boolean available(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null) {
            return false;
        }
        var status = deployment.getStatus();
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return status.getObservedGeneration() != null
                && status.getObservedGeneration() >= deployment.getMetadata().getGeneration()
                && Objects.equals(status.getUpdatedReplicas(), replicas)
                && Objects.equals(status.getAvailableReplicas(), replicas)
                && (status.getReplicas() == null || status.getReplicas() == replicas);
    }

    @Override
    public synchronized void close() {
        if (deployments != null) {
            deployments.close();
            pods.close();
        }
    }
}
