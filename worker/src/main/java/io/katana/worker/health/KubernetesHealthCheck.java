package io.katana.worker.health;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;

/** The API server of the kubeconfig's cluster answers {@code /version}. */
final class KubernetesHealthCheck implements HealthCheck {

    private final KubernetesClient client;

    KubernetesHealthCheck(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public HealthStatus check() {
        String version = client.getKubernetesVersion().getGitVersion();
        return HealthStatus.up(version + " at " + client.getMasterUrl());
    }
}
