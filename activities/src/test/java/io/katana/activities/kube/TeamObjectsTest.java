package io.katana.activities.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.katana.workflows.common.Secret;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeamObjectsTest {

    private static final URI GIT = URI.create("http://198.18.255.1:3000");

    @Test
    void theMasterPodRunsAsNonRootWithoutAServiceAccountToken() {
        StatefulSet master = TeamObjects.master("team-0", "registry/katana/master:1", GIT);
        PodSpec pod = master.getSpec().getTemplate().getSpec();

        assertThat(master.getMetadata().getNamespace()).isEqualTo("team-0");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        var container = pod.getContainers().get(0);
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("KATANA_GIT_PASSWORD");
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(TeamObjects.CREDENTIALS_SECRET);
        });
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("KATANA_GIT_URL");
            assertThat(env.getValue()).isEqualTo("http://198.18.255.1:3000");
        });
        assertThat(master.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Labels.TEAM, "team-0").containsEntry(Labels.ROLE, Labels.ROLE_MASTER);
    }

    @Test
    void theWorkerAndTheBuildHostsAreBoundInTheTeamNamespaceOnly() {
        var bindings = TeamObjects.roleBindings("red", "katana");

        assertThat(bindings).extracting(b -> b.getMetadata().getNamespace()).containsOnly("red");
        assertThat(bindings).extracting(b -> b.getRoleRef().getKind() + "/" + b.getRoleRef().getName())
                .containsExactly("ClusterRole/katana-team", "ClusterRole/katana-build");
        assertThat(bindings).extracting(b -> b.getSubjects().get(0).getNamespace() + ":" + b.getSubjects().get(0).getName())
                .containsExactly("katana:katana-worker", "katana:katana-build");
        assertThat(bindings.get(0).getMetadata().getLabels()).containsEntry(Labels.TEAM, "red");
    }

    @Test
    void everythingDeniedThenTheGamesAllowances() {
        List<NetworkPolicy> policies = TeamObjects.networkPolicies("red", "katana", GIT);

        assertThat(policies).extracting(p -> p.getMetadata().getName())
                .containsExactly("default-deny", "allow-dns", "allow-challenges", "allow-master");
        NetworkPolicy deny = policies.get(0);
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        NetworkPolicy challenges = policies.get(2);
        assertThat(challenges.getSpec().getPodSelector().getMatchLabels()).containsEntry(Labels.ROLE, "challenge");
        assertThat(challenges.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector()
                .getMatchExpressions().get(0).getKey()).isEqualTo(Labels.TEAM);
        NetworkPolicy master = policies.get(3);
        assertThat(master.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(2222);
        var git = master.getSpec().getEgress().get(1);
        assertThat(git.getTo().get(0).getIpBlock().getCidr()).isEqualTo("198.18.255.1/32");
        assertThat(git.getPorts().get(0).getPort().getIntVal()).isEqualTo(3000);
    }

    @Test
    void aGitServerByNameIsReachedInTheAdminNamespace() {
        var peer = TeamObjects.gitServerPeer(URI.create("http://gogs.katana.svc:3000"), "katana");

        assertThat(peer.getIpBlock()).isNull();
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "katana");
    }

    @Test
    void secretsCarryTheValuesAndTheTeamLabel() {
        var credentials = TeamObjects.credentials("red", "red", Secret.of("pw-123456789012"));

        assertThat(credentials.getStringData()).containsEntry("username", "red").containsEntry("password", "pw-123456789012");
        assertThat(credentials.getMetadata().getLabels()).containsEntry(Labels.TEAM, "red")
                .containsEntry(Labels.MANAGED_BY, "katana");
        assertThat(TeamObjects.quota("red").getSpec().getHard()).containsKeys("pods", "requests.cpu", "limits.memory");
    }
}
