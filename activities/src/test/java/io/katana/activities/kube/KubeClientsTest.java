package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeClientsTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: bed
              cluster:
                server: https://127.0.0.1:6443
                insecure-skip-tls-verify: true
            users:
            - name: katana
              user:
                token: abc
            contexts:
            - name: katana@bed
              context:
                cluster: bed
                user: katana
                namespace: katana-system
            current-context: katana@bed
            """;

    @Test
    void readsTheCurrentContextOfTheGivenFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);

        Config config = KubeClients.config(file, Duration.ofSeconds(2), 0);

        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(config.getNamespace()).isEqualTo("katana-system");
        assertThat(config.getRequestTimeout()).isEqualTo(2000);
        assertThat(config.getConnectionTimeout()).isEqualTo(2000);
        assertThat(config.getRequestRetryBackoffLimit()).isZero();
    }

    @Test
    void buildsAClientWithoutConnecting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);

        try (KubernetesClient client = KubeClients.fromKubeconfig(file, Duration.ofSeconds(2), 0)) {
            assertThat(client.getMasterUrl().toString()).startsWith("https://127.0.0.1:6443");
        }
    }

    @Test
    void withoutKubeconfigOutsideAPodThereIsNoClientAndTheReasonIsSaid() {
        assertThat(KubeClients.inPod(java.util.Map.of())).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> KubeClients.create(java.util.Optional.empty(), Duration.ofSeconds(2), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in a pod");
    }
}
