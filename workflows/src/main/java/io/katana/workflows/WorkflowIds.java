package io.katana.workflows;

import java.util.regex.Pattern;

/**
 * Workflow ids are business keys: the same request or a re-delivered webhook maps to the same id,
 * so Temporal finds the existing run instead of starting a second one.
 *
 * <p>Fields are joined with '.', not '-' as first sketched in ARCHITECTURE.md: team and challenge
 * names may contain '-', so {@code patch-a-b-c-<sha>} could be team "a-b"/challenge "c" or team
 * "a"/challenge "b-c". Names are DNS labels and can never contain '.', so these ids cannot collide.
 */
public final class WorkflowIds {

    /** A DNS label: it becomes part of namespaces, object names and git server user names. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern REQUEST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    /** Gogs' user name limit; a team is a git server user. */
    private static final int MAX_TEAM = 35;
    private static final int MAX_CHALLENGE = 63;

    private WorkflowIds() {
    }

    /** The one platform initialisation: re-running it finds the same workflow. */
    public static String init() {
        return "init";
    }

    public static String teams(String requestId) {
        return "teams-" + require("request id", requestId, REQUEST, 64);
    }

    public static String team(String team) {
        return "team-" + team(team, "team");
    }

    public static String challenge(String name, String version) {
        return "challenge-" + challengeName(name) + "." + require("version", version, VERSION, 64);
    }

    public static String patch(String team, String challenge, String commit) {
        return "patch-" + team(team, "team") + "." + challengeName(challenge) + "."
                + require("commit", commit, COMMIT, 64);
    }

    /** An organiser's rollback of one copy, one per request id. */
    public static String rollback(String team, String challenge, String requestId) {
        return "rollback-" + team(team, "team") + "." + challengeName(challenge) + "."
                + require("request id", requestId, REQUEST, 64);
    }

    /** The scheduled reconciliation of repo heads against the commits handled. */
    public static String reconcile() {
        return "reconcile";
    }

    private static String team(String value, String what) {
        return require(what, value, NAME, MAX_TEAM);
    }

    private static String challengeName(String value) {
        return require("challenge", value, NAME, MAX_CHALLENGE);
    }

    private static String require(String what, String value, Pattern pattern, int maxLength) {
        if (value == null || value.length() > maxLength || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + value + "' must match " + pattern + " (at most " + maxLength + " chars)");
        }
        return value;
    }
}
