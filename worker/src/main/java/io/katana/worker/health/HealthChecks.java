package io.katana.worker.health;

import com.github.dockerjava.api.DockerClient;
import com.mongodb.client.MongoClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.katana.activities.images.DockerClients;
import io.katana.activities.kube.KubeClients;
import io.katana.activities.store.Mongo;
import io.katana.api.health.HealthCheck;
import io.katana.worker.config.KatanaConfig;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One probe per outside system, with the clients they hold; closing releases the clients. */
public final class HealthChecks implements AutoCloseable {

    /** Each probe's own bound; the API's overall deadline is a little longer. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEADLINE = Duration.ofSeconds(3);

    private final List<HealthCheck> checks;
    private final List<AutoCloseable> clients;

    private HealthChecks(List<HealthCheck> checks, List<AutoCloseable> clients) {
        this.checks = checks;
        this.clients = clients;
    }

    /** Builds every client lazily: nothing here connects, so a down dependency cannot stop the start. */
    public static HealthChecks create(KatanaConfig config, WorkflowServiceStubs temporal) {
        MongoClient mongo = Mongo.connect(config.mongoUri(), PROBE_TIMEOUT);
        KubernetesClient kube = KubeClients.fromKubeconfig(config.kubeconfig(), PROBE_TIMEOUT, 0);
        DockerClient docker = DockerClients.create(config.dockerHost(), PROBE_TIMEOUT, PROBE_TIMEOUT);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(PROBE_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<HealthCheck> probes = List.of(
                new TemporalHealthCheck(temporal, config.temporalNamespace(), PROBE_TIMEOUT),
                new MongoHealthCheck(mongo, config.mongoDatabase()),
                new MySqlHealthCheck(config.mysqlUrl(), config.mysqlUser(), config.mysqlPassword(), PROBE_TIMEOUT),
                new KubernetesHealthCheck(kube),
                new RegistryHealthCheck(http, config.registry().toString(), PROBE_TIMEOUT),
                new DockerHealthCheck(docker),
                new GitServerHealthCheck(http, config.gitUrl(), PROBE_TIMEOUT));
        List<HealthCheck> redacted = new ArrayList<>();
        probes.forEach(probe -> redacted.add(new RedactingHealthCheck(probe, config.secrets())));
        return new HealthChecks(List.copyOf(redacted), List.of(mongo, kube, docker));
    }

    public List<HealthCheck> checks() {
        return checks;
    }

    /** Temporal's probe alone: what a worker needs to do its work, for its readiness. */
    public static HealthCheck temporal(KatanaConfig config, WorkflowServiceStubs temporal) {
        return new RedactingHealthCheck(new TemporalHealthCheck(temporal, config.temporalNamespace(), PROBE_TIMEOUT),
                config.secrets());
    }

    @Override
    public void close() {
        IllegalStateException failure = null;
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a health check client failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
