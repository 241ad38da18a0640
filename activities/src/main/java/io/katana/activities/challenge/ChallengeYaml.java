package io.katana.activities.challenge;

import io.katana.workflows.challenge.ChallengeSpec;
import io.katana.workflows.challenge.ContainerSpec;
import io.katana.workflows.challenge.ExposedPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * {@code challenge.yaml} in the rCDS style of katana's samples, read into a {@link ChallengeSpec}:
 *
 * <pre>
 * name: web-echo
 * containers:
 *   app:
 *     ports: [8080]
 *     environment: {FLAG: "..."}
 *     resources: {requests: {cpu: 50m, memory: 32Mi}, limits: {cpu: 500m, memory: 128Mi}}
 * expose:
 *   app:
 *     - {target: 8080, http: web-echo, healthContent: "echo"}
 * replicas: 1
 * </pre>
 *
 * Every refusal names the key that is wrong.
 */
public final class ChallengeYaml {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern CPU = Pattern.compile("[0-9]+(\\.[0-9]+)?m?");
    private static final Pattern MEMORY = Pattern.compile("[0-9]+(Ki|Mi|Gi|K|M|G)?");

    private ChallengeYaml() {
    }

    public static ChallengeSpec parse(String text) {
        Object document;
        try {
            // No aliases expanding into huge trees, no duplicate keys, a bounded document.
            document = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(10)
                    .setCodePointLimit(256 * 1024).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw refuse("challenge.yaml does not parse: " + firstLine(e.getMessage()));
        }
        Map<String, Object> root = map(document, "challenge.yaml");
        String name = text(root.get("name"), "name");
        if (!LABEL.matcher(name).matches()) {
            throw refuse("name '" + name + "' is not a valid label: lower-case letters, digits and '-', at most 63,"
                    + " starting and ending with a letter or digit");
        }
        Map<String, Object> containers = map(root.get("containers"), "containers");
        if (containers.isEmpty()) {
            throw refuse("containers must name the challenge's container");
        }
        if (containers.size() > 1) {
            throw refuse("containers names " + containers.keySet() + ": only one container is supported, the one"
                    + " built from the package's Dockerfile");
        }
        var entry = containers.entrySet().iterator().next();
        ContainerSpec container = container(entry.getKey(), map(entry.getValue(), "containers." + entry.getKey()));
        List<ExposedPort> expose = expose(root.get("expose"), container);
        int replicas = root.get("replicas") == null ? 1 : integer(root.get("replicas"), "replicas");
        try {
            return new ChallengeSpec(name, container, expose, replicas);
        } catch (IllegalArgumentException e) {
            throw refuse(e.getMessage());
        }
    }

    private static ContainerSpec container(String name, Map<String, Object> spec) {
        String where = "containers." + name;
        Object ports = spec.get("ports");
        if (!(ports instanceof List<?> list) || list.isEmpty()) {
            throw refuse(where + ".ports must list at least one port");
        }
        List<Integer> numbers = new ArrayList<>();
        for (Object port : list) {
            int number = integer(port, where + ".ports");
            if (number < 1 || number > 65535) {
                throw refuse(where + ".ports: " + number + " is not a port (1..65535)");
            }
            numbers.add(number);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (spec.get("environment") != null) {
            map(spec.get("environment"), where + ".environment").forEach((key, value) -> {
                if (!ENV_NAME.matcher(key).matches()) {
                    throw refuse(where + ".environment: '" + key + "' is not a variable name");
                }
                if (value instanceof Map || value instanceof List) {
                    throw refuse(where + ".environment." + key + " must be a plain value");
                }
                environment.put(key, value == null ? "" : value.toString());
            });
        }
        return new ContainerSpec(name, numbers, environment, resources(spec.get("resources"), where + ".resources"));
    }

    private static ContainerSpec.Resources resources(Object value, String where) {
        if (value == null) {
            return ContainerSpec.Resources.NONE;
        }
        Map<String, Object> resources = map(value, where);
        Map<String, Object> requests = resources.get("requests") == null ? Map.of()
                : map(resources.get("requests"), where + ".requests");
        Map<String, Object> limits = resources.get("limits") == null ? Map.of()
                : map(resources.get("limits"), where + ".limits");
        return new ContainerSpec.Resources(
                quantity(requests.get("cpu"), CPU, where + ".requests.cpu"),
                quantity(requests.get("memory"), MEMORY, where + ".requests.memory"),
                quantity(limits.get("cpu"), CPU, where + ".limits.cpu"),
                quantity(limits.get("memory"), MEMORY, where + ".limits.memory"));
    }

    private static List<ExposedPort> expose(Object value, ContainerSpec container) {
        List<ExposedPort> ports = new ArrayList<>();
        if (value == null) {
            return ports;
        }
        for (var entry : map(value, "expose").entrySet()) {
            String where = "expose." + entry.getKey();
            if (!entry.getKey().equals(container.name())) {
                throw refuse(where + ": there is no container '" + entry.getKey() + "'");
            }
            if (!(entry.getValue() instanceof List<?> list)) {
                throw refuse(where + " must list the exposed ports");
            }
            for (Object item : list) {
                Map<String, Object> port = map(item, where + "[]");
                int target = integer(port.get("target"), where + "[].target");
                boolean http = port.containsKey("http");
                String health = port.get("healthContent") == null ? null
                        : text(port.get("healthContent"), where + "[].healthContent");
                if (!http && !port.containsKey("tcp")) {
                    throw refuse(where + "[] for port " + target + " must say http or tcp");
                }
                try {
                    ports.add(new ExposedPort(target, http ? ExposedPort.Protocol.HTTP : ExposedPort.Protocol.TCP,
                            health));
                } catch (IllegalArgumentException e) {
                    throw refuse(where + ": " + e.getMessage());
                }
            }
        }
        return ports;
    }

    private static String quantity(Object value, Pattern pattern, String where) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (!pattern.matcher(text).matches()) {
            throw refuse(where + " '" + text + "' is not a Kubernetes quantity");
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (value == null) {
            throw refuse(where + " is missing");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw refuse(where + " must be a mapping");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw refuse(where + " has a key that is not text: " + key);
            }
        }
        return (Map<String, Object>) map;
    }

    private static String text(Object value, String where) {
        if (value == null || value.toString().isBlank()) {
            throw refuse(where + " is missing");
        }
        if (value instanceof Map || value instanceof List) {
            throw refuse(where + " must be text");
        }
        return value.toString();
    }

    private static int integer(Object value, String where) {
        if (value instanceof Integer number) {
            return number;
        }
        throw refuse(where + " must be a whole number, found " + (value == null ? "nothing" : "'" + value + "'"));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    private static ChallengePackageException refuse(String reason) {
        return new ChallengePackageException(reason);
    }
}
