package io.katana.workflows.challenge;

import java.util.List;
import java.util.Objects;

/**
 * A challenge as its package's {@code challenge.yaml} describes it (rCDS style), checked: the
 * input every later step works from, so no step parses YAML again.
 *
 * @param container the one container, built from the package's Dockerfile
 * @param expose the ports other teams reach, with how each is checked for health
 */
public record ChallengeSpec(String name, ContainerSpec container, List<ExposedPort> expose, int replicas) {

    public static final int MAX_REPLICAS = 10;

    public ChallengeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(container, "container");
        expose = List.copyOf(expose);
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be between 1 and " + MAX_REPLICAS + ", was " + replicas);
        }
        for (ExposedPort port : expose) {
            if (!container.ports().contains(port.port())) {
                throw new IllegalArgumentException("expose names port " + port.port() + ", which container '"
                        + container.name() + "' does not declare (it has " + container.ports() + ")");
            }
        }
    }
}
