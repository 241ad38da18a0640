package io.katana.activities.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;

/** Builds fabric8 clients from one kubeconfig file, never from ambient ~/.kube or in-cluster state. */
public final class KubeClients {

    private KubeClients() {
    }

    /**
     * A client for the kubeconfig's current context. The client connects lazily, so this does not
     * fail when the cluster is down.
     *
     * @param requestTimeout bound of one request and of connecting
     * @param retries how often fabric8 itself retries a failed connection; probes want 0 so that
     *     the caller decides, long-running activities leave retrying to Temporal too
     */
    public static KubernetesClient fromKubeconfig(Path kubeconfig, Duration requestTimeout, int retries) {
        Config config = config(kubeconfig, requestTimeout, retries);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static Config config(Path kubeconfig, Duration requestTimeout, int retries) {
        Config config = Config.fromKubeconfig(kubeconfig.toFile());
        int millis = Math.toIntExact(requestTimeout.toMillis());
        config.setConnectionTimeout(millis);
        config.setRequestTimeout(millis);
        config.setRequestRetryBackoffLimit(retries);
        return config;
    }
}
