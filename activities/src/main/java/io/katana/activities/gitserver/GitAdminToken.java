package io.katana.activities.gitserver;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.katana.activities.common.ActivityErrors;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.Labels;
import io.katana.workflows.common.Secret;
import java.util.Map;
import java.util.Optional;

/**
 * The git server admin's API token, kept in a Kubernetes Secret of the admin namespace so that
 * every worker finds it and no workflow history holds it.
 */
public final class GitAdminToken {

    public static final String SECRET = "katana-git-admin";

    private final KubeObjects kube;
    private final String namespace;
    private volatile Secret cached;

    public GitAdminToken(KubeObjects kube, String namespace) {
        this.kube = kube;
        this.namespace = namespace;
    }

    /** The stored token; fails, without retrying, when init has not made one yet. */
    public Secret get() {
        Secret token = cached;
        if (token == null) {
            token = stored().orElseThrow(() ->
                    ActivityErrors.notInitialised("no Secret " + SECRET + " in namespace " + namespace));
            cached = token;
        }
        return token;
    }

    public Optional<Secret> stored() {
        return kube.secretValues(namespace, SECRET)
                .map(values -> values.get("token"))
                .filter(token -> !token.isBlank())
                .map(Secret::of);
    }

    public void store(String admin, Secret token) {
        kube.apply(new SecretBuilder().withNewMetadata()
                .withName(SECRET).withNamespace(namespace)
                .withLabels(Labels.katana(SECRET, "credentials")).endMetadata()
                .withType("Opaque")
                .withStringData(Map.of("user", admin, "token", token.reveal()))
                .build());
        cached = token;
    }

    /** Forget the cached value (after the server refused it). */
    public void invalidate() {
        cached = null;
    }
}
