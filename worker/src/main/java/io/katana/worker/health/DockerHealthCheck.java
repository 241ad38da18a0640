package io.katana.worker.health;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import io.katana.api.health.HealthCheck;
import io.katana.api.health.HealthStatus;

/** The engine answers {@code _ping} and tells its version. */
final class DockerHealthCheck implements HealthCheck {

    private final DockerClient docker;

    DockerHealthCheck(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public HealthStatus check() {
        docker.pingCmd().exec();
        Version version = docker.versionCmd().exec();
        return HealthStatus.up("engine " + version.getVersion() + ", API " + version.getApiVersion());
    }
}
