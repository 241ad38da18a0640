package io.katana.activities.patch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * What a team's patch may not change. A challenge names its protected paths in
 * {@code challenge.yaml} ({@code protected: [Dockerfile, challenge.yaml, k8s/]}; a path ending in
 * '/' is a folder); without the key, the {@code Dockerfile} and {@code challenge.yaml} are.
 */
public final class PatchRules {

    public static final List<String> DEFAULT_PROTECTED = List.of("Dockerfile", "challenge.yaml");

    private PatchRules() {
    }

    /** The protected paths the challenge.yaml names, or the default. */
    public static List<String> protectedPaths(String challengeYaml) {
        if (challengeYaml == null) {
            return DEFAULT_PROTECTED;
        }
        Object document;
        try {
            document = new Load(LoadSettings.builder().setCodePointLimit(256 * 1024).build())
                    .loadFromString(challengeYaml);
        } catch (YamlEngineException e) {
            return DEFAULT_PROTECTED;
        }
        if (document instanceof Map<?, ?> root && root.get("protected") instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return DEFAULT_PROTECTED;
    }

    /** The changed paths that are protected, sorted; empty when the patch may go ahead. */
    public static Set<String> violations(Set<String> changed, List<String> protectedPaths) {
        Set<String> hits = new TreeSet<>();
        for (String path : changed) {
            for (String rule : protectedPaths) {
                boolean folder = rule.endsWith("/");
                if (folder ? path.startsWith(rule) : path.equals(rule)) {
                    hits.add(path);
                }
            }
        }
        return hits;
    }
}
