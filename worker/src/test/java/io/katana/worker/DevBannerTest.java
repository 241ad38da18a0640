package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.katana.worker.config.KatanaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevBannerTest {

    @Test
    void saysWhereEverythingListensWithoutSecrets(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "kind: Config\n");
        KatanaConfig config = KatanaConfig.from(Map.of(
                "KATANA_MYSQL_USER", "root",
                "KATANA_MYSQL_PASSWORD", "mysql-pw",
                "KATANA_KUBECONFIG", kubeconfig.toString(),
                "KATANA_GIT_ADMIN_PASSWORD", "gitadmin-pw",
                "KATANA_INFRASET", "external",
                "KATANA_ADMIN_TOKEN", "abcdefghijklmnopqrstuvwxyz"));

        assertThat(DevBanner.text(config))
                .contains("http://127.0.0.1:8080/healthz")
                .contains("http://127.0.0.1:8233/namespaces/default/workflows")
                .contains("http://198.18.255.1:3000 (gitea)")
                .doesNotContain("mysql-pw", "gitadmin-pw", "abcdefghijklmnopqrstuvwxyz");
    }
}
