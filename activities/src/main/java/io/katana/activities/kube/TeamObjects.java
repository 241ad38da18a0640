package io.katana.activities.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Kubernetes objects of one team, as pure functions of its name and the settings: tests call
 * them without a cluster, the activity applies what they return.
 */
public final class TeamObjects {

    public static final String CREDENTIALS_SECRET = "team-credentials";
    public static final String SSH_SECRET = "team-ssh";
    public static final String CHALLENGES_CONFIG_MAP = "challenges";
    public static final String CHALLENGES_FILE = "challenges.tsv";
    public static final String MASTER = "master";
    public static final String MASTER_POD = MASTER + "-0";
    public static final int SSH_PORT = 2222;
    /**
     * The ServiceAccounts of Katana's worker and build hosts in the admin namespace, and the
     * ClusterRoles a team namespace binds them to (deploy/k8s/base/rbac.yaml): the worker holds
     * no cluster-wide rights on objects, only these bindings, one per Katana namespace.
     */
    public static final String WORKER_ACCOUNT = "katana-worker";
    public static final String BUILD_ACCOUNT = "katana-build";
    public static final String WORKER_ROLE = "katana-team";
    public static final String BUILD_ROLE = "katana-build";
    /** The master image's user (deploy/master/Dockerfile). */
    public static final long MASTER_UID = 1000;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TeamObjects() {
    }

    /** The team's namespace is named after it. */
    public static String namespace(String team) {
        return team;
    }

    public static Namespace namespaceObject(String team) {
        return new NamespaceBuilder().withNewMetadata()
                .withName(namespace(team))
                .withLabels(Labels.team(team, "team", "namespace"))
                .endMetadata().build();
    }

    /**
     * The RoleBindings that give the worker its rights in the team namespace and the build hosts
     * their read of the team's git login (ClusterRoles {@value #WORKER_ROLE}, {@value #BUILD_ROLE}).
     * Applied right after the namespace, before anything else in it.
     */
    public static List<RoleBinding> roleBindings(String team, String adminNamespace) {
        return List.of(roleBinding(team, WORKER_ROLE, WORKER_ACCOUNT, adminNamespace),
                roleBinding(team, BUILD_ROLE, BUILD_ACCOUNT, adminNamespace));
    }

    private static RoleBinding roleBinding(String team, String role, String account, String adminNamespace) {
        return new RoleBindingBuilder().withNewMetadata()
                .withName(role).withNamespace(namespace(team))
                .withLabels(Labels.team(team, role, "rbac"))
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role)
                .endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(adminNamespace).endSubject()
                .build();
    }

    /**
     * Deny everything, then allow what the game needs: every team (and Katana) reaches the
     * challenge pods; anyone reaches the master pod's ssh port; the master pod reaches the
     * challenges of every team and the git server; every pod resolves names.
     */
    public static List<NetworkPolicy> networkPolicies(String team, String adminNamespace, URI gitPodUrl) {
        NetworkPolicy deny = policy(team, "default-deny").withNewSpec()
                .withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec().build();
        NetworkPolicy dns = policy(team, "allow-dns").withNewSpec()
                .withNewPodSelector().endPodSelector()
                .withPolicyTypes("Egress")
                .addNewEgress()
                .addNewTo().withNewNamespaceSelector().endNamespaceSelector().endTo()
                .addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(53)).endPort()
                .endEgress()
                .endSpec().build();
        NetworkPolicy challenges = policy(team, "allow-challenges").withNewSpec()
                .withNewPodSelector().addToMatchLabels(Labels.ROLE, Labels.ROLE_CHALLENGE).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom().withNewNamespaceSelector()
                .addNewMatchExpression().withKey(Labels.TEAM).withOperator("Exists").endMatchExpression()
                .endNamespaceSelector().endFrom()
                .addNewFrom().withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", adminNamespace)
                .endNamespaceSelector().endFrom()
                .endIngress()
                .endSpec().build();
        NetworkPolicy master = policy(team, "allow-master").withNewSpec()
                .withNewPodSelector().addToMatchLabels(Labels.ROLE, Labels.ROLE_MASTER).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(SSH_PORT)).endPort()
                .endIngress()
                .addNewEgress()
                .addNewTo().withNewNamespaceSelector()
                .addNewMatchExpression().withKey(Labels.TEAM).withOperator("Exists").endMatchExpression()
                .endNamespaceSelector()
                .withNewPodSelector().addToMatchLabels(Labels.ROLE, Labels.ROLE_CHALLENGE).endPodSelector()
                .endTo()
                .endEgress()
                .addNewEgress()
                .withTo(gitServerPeer(gitPodUrl, adminNamespace))
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(port(gitPodUrl))).endPort()
                .endEgress()
                .endSpec().build();
        return List.of(deny, dns, challenges, master);
    }

    /** An address outside the cluster (the test bed's node) or, by name, the admin namespace's pods. */
    static NetworkPolicyPeer gitServerPeer(URI gitPodUrl, String adminNamespace) {
        String host = gitPodUrl.getHost();
        if (host != null && IPV4.matcher(host).matches()) {
            return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(host + "/32").endIpBlock().build();
        }
        return new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", adminNamespace)
                .endNamespaceSelector().build();
    }

    static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** Enough for a master pod and a few challenges, not enough for one team to starve the node. */
    public static ResourceQuota quota(String team) {
        return new ResourceQuotaBuilder().withNewMetadata()
                .withName("team-quota").withNamespace(namespace(team))
                .withLabels(Labels.team(team, "team-quota", "quota")).endMetadata()
                .withNewSpec().withHard(Map.of(
                        "pods", new Quantity("30"),
                        "requests.cpu", new Quantity("4"),
                        "requests.memory", new Quantity("8Gi"),
                        "limits.cpu", new Quantity("16"),
                        "limits.memory", new Quantity("16Gi"),
                        "services.nodeports", new Quantity("0"),
                        "services.loadbalancers", new Quantity("0"),
                        "persistentvolumeclaims", new Quantity("5")))
                .endSpec().build();
    }

    /** Defaults for containers that name no resources, and a ceiling for those that do. */
    public static LimitRange limits(String team) {
        return new LimitRangeBuilder().withNewMetadata()
                .withName("team-limits").withNamespace(namespace(team))
                .withLabels(Labels.team(team, "team-limits", "limits")).endMetadata()
                .withNewSpec().addNewLimit()
                .withType("Container")
                .withDefaultRequest(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("32Mi")))
                .withDefault(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
                .withMax(Map.of("cpu", new Quantity("2"), "memory", new Quantity("2Gi")))
                .endLimit().endSpec().build();
    }

    /** The team's git server login; created once with a generated password, never rewritten. */
    public static Secret credentials(String team, String user, io.katana.workflows.common.Secret password) {
        return new SecretBuilder().withNewMetadata()
                .withName(CREDENTIALS_SECRET).withNamespace(namespace(team))
                .withLabels(Labels.team(team, CREDENTIALS_SECRET, "credentials")).endMetadata()
                .withType("Opaque")
                .withStringData(Map.of("username", user, "password", password.reveal()))
                .build();
    }

    /** The key pair a team logs into its master pod with: the organiser hands out the private half. */
    public static Secret sshKeys(String team, io.katana.workflows.common.Secret privateKey, String publicKey) {
        return new SecretBuilder().withNewMetadata()
                .withName(SSH_SECRET).withNamespace(namespace(team))
                .withLabels(Labels.team(team, SSH_SECRET, "credentials")).endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(
                        "id_ed25519", privateKey.reveal(),
                        "id_ed25519.pub", publicKey + "\n",
                        "authorized_keys", publicKey + "\n"))
                .build();
    }

    /** The challenges the master pod checks out; empty until a broadcast fills it in. */
    public static ConfigMap challenges(String team) {
        return new ConfigMapBuilder().withNewMetadata()
                .withName(CHALLENGES_CONFIG_MAP).withNamespace(namespace(team))
                .withLabels(Labels.team(team, CHALLENGES_CONFIG_MAP, "master")).endMetadata()
                .withData(Map.of(CHALLENGES_FILE, ""))
                .build();
    }

    public static Service masterService(String team) {
        return new ServiceBuilder().withNewMetadata()
                .withName(MASTER).withNamespace(namespace(team))
                .withLabels(Labels.team(team, MASTER, "master")).endMetadata()
                .withNewSpec()
                .withSelector(masterSelector(team))
                .addNewPort().withName("ssh").withProtocol("TCP").withPort(SSH_PORT)
                .withTargetPort(new IntOrString(SSH_PORT)).endPort()
                .endSpec().build();
    }

    static Map<String, String> masterSelector(String team) {
        return Map.of(Labels.TEAM, team, Labels.ROLE, Labels.ROLE_MASTER);
    }

    /**
     * The team's workstation: non-root, no service-account token, read-only root file system;
     * its home is scratch space that the sync loop fills again from the git server after a restart.
     */
    public static StatefulSet master(String team, String image, URI gitPodUrl) {
        Map<String, String> labels = Labels.team(team, MASTER, "master");
        labels.put(Labels.ROLE, Labels.ROLE_MASTER);
        String git = gitPodUrl.toString().replaceAll("/+$", "");
        return new StatefulSetBuilder().withNewMetadata()
                .withName(MASTER).withNamespace(namespace(team)).withLabels(labels).endMetadata()
                .withNewSpec()
                .withServiceName(MASTER)
                .withReplicas(1)
                .withNewSelector().withMatchLabels(masterSelector(team)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(10L)
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(MASTER_UID).withRunAsGroup(MASTER_UID).withFsGroup(MASTER_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName(MASTER)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .addNewPort().withName("ssh").withContainerPort(SSH_PORT).withProtocol("TCP").endPort()
                .addNewEnv().withName("KATANA_TEAM").withValue(team).endEnv()
                .addNewEnv().withName("KATANA_GIT_URL").withValue(git).endEnv()
                .addNewEnv().withName("KATANA_GIT_USER").withNewValueFrom().withNewSecretKeyRef()
                .withName(CREDENTIALS_SECRET).withKey("username").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("KATANA_GIT_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                .withName(CREDENTIALS_SECRET).withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("32Mi")))
                .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")))
                .endResources()
                .withNewReadinessProbe()
                .withNewExec().withCommand("test", "-f", "/run/katana/ready").endExec()
                .withPeriodSeconds(2)
                .endReadinessProbe()
                .addNewVolumeMount().withName("home").withMountPath("/home/team").endVolumeMount()
                .addNewVolumeMount().withName("run").withMountPath("/run/katana").endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName("ssh").withMountPath("/etc/katana/ssh").withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount().withName("challenges").withMountPath("/etc/katana/challenges")
                .withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("home").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("run").withNewEmptyDir().withMedium("Memory").endEmptyDir().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("ssh").withNewSecret().withSecretName(SSH_SECRET)
                .addNewItem().withKey("authorized_keys").withPath("authorized_keys").endItem()
                .withDefaultMode(0444).endSecret().endVolume()
                .addNewVolume().withName("challenges").withNewConfigMap().withName(CHALLENGES_CONFIG_MAP)
                .withOptional(true).endConfigMap().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec().build();
    }

    private static NetworkPolicyBuilder policy(String team, String name) {
        return new NetworkPolicyBuilder().withNewMetadata()
                .withName(name).withNamespace(namespace(team))
                .withLabels(Labels.team(team, name, "network-policy")).endMetadata();
    }
}
