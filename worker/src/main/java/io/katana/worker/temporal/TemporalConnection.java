package io.katana.worker.temporal;

import com.uber.m3.tally.Scope;
import io.katana.worker.config.KatanaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/** The gRPC connection to the Temporal frontend and the client on Katana's namespace. */
public record TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client, Scope metrics)
        implements AutoCloseable {

    /**
     * A worker is useless without the server, so it checks the connection now and fails with a
     * clear message; the API alone starts anyway and reports Temporal as down in /healthz.
     */
    public static TemporalConnection open(KatanaConfig config, boolean requireServer, MeterRegistry meters) {
        Scope metrics = TemporalMetrics.scope(meters);
        WorkflowServiceStubsOptions options = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(config.temporalAddress().toString())
                .setMetricsScope(metrics)
                .build();
        WorkflowServiceStubs stubs = requireServer
                ? WorkflowServiceStubs.newConnectedServiceStubs(options, Duration.ofSeconds(10))
                : WorkflowServiceStubs.newServiceStubs(options);
        WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
                .setNamespace(config.temporalNamespace())
                .build());
        return new TemporalConnection(stubs, client, metrics);
    }

    @Override
    public void close() {
        stubs.shutdown();
        stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        try {
            metrics.close();
        } catch (com.uber.m3.tally.ScopeCloseException e) {
            throw new IllegalStateException("closing Temporal's metrics scope failed", e);
        }
    }
}
