package io.katana.activities.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds fabric8 clients from one kubeconfig file, or, where none is given, from the pod's own
 * ServiceAccount; never from an ambient ~/.kube/config.
 */
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

    /**
     * A client from the kubeconfig file when one is given, else from the ServiceAccount of the pod
     * this process runs in (see {@link #inPod}).
     */
    public static KubernetesClient create(Optional<Path> kubeconfig, Duration requestTimeout, int retries) {
        return kubeconfig.isPresent() ? fromKubeconfig(kubeconfig.get(), requestTimeout, retries)
                : new KubernetesClientBuilder().withConfig(inClusterConfig(requestTimeout, retries)).build();
    }

    /** Whether this process runs in a pod with a mounted ServiceAccount token. */
    public static boolean inPod(Map<String, String> environment) {
        String host = environment.get(Config.KUBERNETES_SERVICE_HOST_PROPERTY);
        return host != null && !host.isBlank()
                && Files.isReadable(Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH));
    }

    static Config inClusterConfig(Duration requestTimeout, int retries) {
        if (!inPod(System.getenv())) {
            throw new IllegalStateException("no kubeconfig given and this process is not in a pod with a"
                    + " ServiceAccount token (" + Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH + ")");
        }
        // fabric8's auto-configuration would prefer a kubeconfig file (~/.kube/config, $KUBECONFIG)
        // over the ServiceAccount; Katana wants the pod's own identity and nothing ambient.
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        return timeouts(Config.autoConfigure(null), requestTimeout, retries);
    }

    static Config config(Path kubeconfig, Duration requestTimeout, int retries) {
        return timeouts(Config.fromKubeconfig(kubeconfig.toFile()), requestTimeout, retries);
    }

    private static Config timeouts(Config config, Duration requestTimeout, int retries) {
        int millis = Math.toIntExact(requestTimeout.toMillis());
        config.setConnectionTimeout(millis);
        config.setRequestTimeout(millis);
        config.setRequestRetryBackoffLimit(retries);
        return config;
    }
}
