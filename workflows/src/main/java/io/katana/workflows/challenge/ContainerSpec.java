package io.katana.workflows.challenge;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The challenge's container: its ports, environment and resources.
 *
 * @param resources requests and limits as Kubernetes quantities; null values take the team
 *     namespace's defaults
 */
public record ContainerSpec(String name, List<Integer> ports, Map<String, String> environment, Resources resources) {

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(resources, "resources");
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("container '" + name + "' declares no port");
        }
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("container '" + name + "' port " + port + " is not 1..65535");
            }
        }
    }

    /** CPU and memory, each {@code null} when the package does not say. */
    public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {

        public static final Resources NONE = new Resources(null, null, null, null);
    }
}
