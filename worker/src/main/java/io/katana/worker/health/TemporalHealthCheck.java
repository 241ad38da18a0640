package io.katana.worker.health;

import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The frontend answers and Katana's namespace exists. */
final class TemporalHealthCheck implements HealthCheck {

    private final WorkflowServiceStubs stubs;
    private final String namespace;
    private final Duration timeout;

    TemporalHealthCheck(WorkflowServiceStubs stubs, String namespace, Duration timeout) {
        this.stubs = stubs;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "temporal";
    }

    @Override
    public HealthStatus check() {
        var stub = stubs.blockingStub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String version = stub.getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
        stub.describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
        return HealthStatus.up("server " + (version.isEmpty() ? "(version not reported)" : version)
                + ", namespace " + namespace);
    }
}
