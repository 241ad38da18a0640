package io.katana.activities.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The two ways Katana writes objects, and reading a Secret's values. */
public final class KubeObjects {

    /** The field manager of every server-side apply Katana makes. */
    public static final String FIELD_MANAGER = "katana";

    private final KubernetesClient kube;

    public KubeObjects(KubernetesClient kube) {
        this.kube = kube;
    }

    public KubernetesClient client() {
        return kube;
    }

    /** Server-side apply: the object ends as described, and a second identical apply changes nothing. */
    public <T extends HasMetadata> T apply(T object) {
        return kube.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /**
     * Creates the object unless one of that name exists, and returns what is stored. For objects
     * whose content must not change once made: Secrets holding generated passwords, and objects
     * another workflow fills in later.
     */
    public <T extends HasMetadata> T createIfAbsent(T object) {
        T existing = kube.resource(object).get();
        if (existing != null) {
            return existing;
        }
        try {
            return kube.resource(object).create();
        } catch (KubernetesClientException e) {
            // Two attempts raced (a retried activity): the first one's object stands.
            if (e.getCode() == 409) {
                return kube.resource(object).get();
            }
            throw e;
        }
    }

    /** The decoded values of a Secret, or empty when there is none. */
    public Optional<Map<String, String>> secretValues(String namespace, String name) {
        Secret secret = kube.secrets().inNamespace(namespace).withName(name).get();
        return secret == null ? Optional.empty() : Optional.of(values(secret));
    }

    /** The decoded values of a Secret read from the server ({@code data}, base64). */
    public static Map<String, String> values(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) ->
                    values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
