package io.katana.activities.kube;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels on everything Katana creates (ARCHITECTURE.md, "Data"). */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String TEAM = "katana.io/team";
    public static final String CHALLENGE = "katana.io/challenge";
    /** What a pod is in the game: {@code master} or {@code challenge}; NetworkPolicies select on it. */
    public static final String ROLE = "katana.io/role";

    public static final String KATANA = "katana";
    public static final String ROLE_MASTER = "master";
    public static final String ROLE_CHALLENGE = "challenge";

    private Labels() {
    }

    /** The labels every object of a team carries. */
    public static Map<String, String> team(String team, String name, String component) {
        Map<String, String> labels = katana(name, component);
        labels.put(TEAM, team);
        return labels;
    }

    /** The labels of an object of Katana's own (admin namespace, infraset). */
    public static Map<String, String> katana(String name, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, KATANA);
        labels.put(PART_OF, KATANA);
        labels.put(NAME, name);
        labels.put(COMPONENT, component);
        return labels;
    }
}
