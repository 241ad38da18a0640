package io.katana.api.teams;

import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The credentials of an API that has no Kubernetes access (the in-cluster API's ServiceAccount has
 * no rights): it answers 501 with where the credentials are and the kubectl line that reads them.
 */
public final class CredentialsInSecrets implements TeamCredentials {

    private final UnaryOperator<String> namespaceOfTeam;
    private final String credentialsSecret;
    private final String sshSecret;

    public CredentialsInSecrets(UnaryOperator<String> namespaceOfTeam, String credentialsSecret, String sshSecret) {
        this.namespaceOfTeam = namespaceOfTeam;
        this.credentialsSecret = credentialsSecret;
        this.sshSecret = sshSecret;
    }

    @Override
    public Optional<Credentials> read(String team) {
        String namespace = namespaceOfTeam.apply(team);
        String kubectl = "kubectl -n " + namespace + " get secret " + credentialsSecret
                + " -o jsonpath='{.data.password}' | base64 -d";
        // 501: this deployment of the API does not serve the route on purpose; retrying will not help.
        throw new HttpResponseException(HttpStatus.NOT_IMPLEMENTED, "this API runs without Kubernetes access"
                + " (KATANA_KUBECONFIG is not set) and hands out no credentials: team '" + team + "' has its git"
                + " login in Secret " + credentialsSecret + " and its ssh key in Secret " + sshSecret
                + " of namespace " + namespace + ", e.g. " + kubectl,
                Map.of("namespace", namespace, "secrets", credentialsSecret + "," + sshSecret, "kubectl", kubectl));
    }
}
