package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfrasetTest {

    @Test
    void readsTheKustomizationsResourcesInOrder() {
        String kustomization = "# comment\napiVersion: v1\nresources:\n  - a.yaml\n  - b.yaml\nnamespace: x\n";

        assertThat(Infraset.resourceFiles(kustomization)).containsExactly("a.yaml", "b.yaml");
    }

    @Test
    void everyObjectLandsInKatanasNamespaceLabelledAsInfraset() {
        List<HasMetadata> objects = new Infraset("ctf-admin", Map.of()).objects();

        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).contains(
                "StatefulSet/mysql", "Service/mysql", "StatefulSet/mongodb", "StatefulSet/gogs",
                "ConfigMap/gogs-seed", "StatefulSet/registry");
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo("ctf-admin");
            assertThat(o.getMetadata().getLabels()).containsEntry(Labels.PART_OF, "katana")
                    .containsEntry(Labels.COMPONENT, Infraset.COMPONENT);
        });
    }

    @Test
    void imagesAreOverriddenByContainerAndInitContainersFollowTheirWorkload() {
        List<HasMetadata> objects = new Infraset("katana", Map.of("gogs", "127.0.0.1:5000/gogs:0.14.3",
                "mysql", "127.0.0.1:5000/mysql:8.4")).objects();

        StatefulSet gogs = (StatefulSet) objects.stream()
                .filter(o -> o instanceof StatefulSet && o.getMetadata().getName().equals("gogs")).findFirst().orElseThrow();
        assertThat(gogs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("127.0.0.1:5000/gogs:0.14.3");
        assertThat(gogs.getSpec().getTemplate().getSpec().getInitContainers().get(0).getImage())
                .isEqualTo("127.0.0.1:5000/gogs:0.14.3");
        StatefulSet registry = (StatefulSet) objects.stream()
                .filter(o -> o instanceof StatefulSet && o.getMetadata().getName().equals("registry")).findFirst().orElseThrow();
        assertThat(registry.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry:2.8");
    }

    @Test
    void theDatabaseSecretsHoldTheCredentialsKatanaLogsInWith() {
        var secrets = new Infraset("katana", Map.of()).secrets(
                io.katana.workflows.common.Secret.of("mysql-root-pw"), "katana-root",
                io.katana.workflows.common.Secret.of("mongo-root-pw"));

        assertThat(secrets).extracting(s -> s.getMetadata().getName())
                .containsExactly(Infraset.MYSQL_SECRET, Infraset.MONGO_SECRET);
        assertThat(secrets.get(0).getStringData()).containsEntry("root-password", "mysql-root-pw");
        assertThat(secrets.get(1).getStringData()).containsEntry("root-username", "katana-root")
                .containsEntry("root-password", "mongo-root-pw");
        assertThat(secrets).allSatisfy(s -> assertThat(s.getMetadata().getNamespace()).isEqualTo("katana"));
    }
}
