package io.katana.workflows.team;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule for team names. A team name becomes a namespace, a git server user and part of object
 * names, so it is a DNS label; 30 characters keeps it within Gogs' and Gitea's user name limits
 * with room for the suffixes Katana adds.
 */
public final class TeamNames {

    public static final int MAX_LENGTH = 30;
    /** A broadcast fans out per team: more than this in one request is a typo, not a CTF. */
    public static final int MAX_TEAMS = 500;
    /** Names generated from a count, like katana's: {@code team-0 .. team-(N-1)}. */
    public static final String GENERATED_PREFIX = "team-";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /**
     * Names Gogs (gogs-contract.md §3) or Gitea keep for their own pages: a team so named could
     * not get its git server user, so it is refused before anything is created.
     */
    public static final Set<String> RESERVED = Set.of("admin", "api", "assets", "attachments", "avatar", "avatars",
            "captcha", "commits", "create", "css", "debug", "error", "explore", "ghost", "gitea-actions", "help",
            "img", "install", "issues", "js", "less", "login", "metrics", "milestones", "new", "notifications",
            "org", "plugins", "pulls", "raw", "repo", "repo-avatars", "search", "stars", "template", "user", "v2");

    private TeamNames() {
    }

    /** The name itself, or an IllegalArgumentException saying what is wrong with it. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("team name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("team name '" + name + "' is " + name.length()
                    + " characters long: at most " + MAX_LENGTH + " are allowed");
        }
        if (!LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("team name '" + name + "' must be lower-case letters, digits and '-',"
                    + " starting and ending with a letter or digit");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("team name '" + name + "' is reserved by the git server");
        }
        return name;
    }

    /** {@code team-0 .. team-(count-1)}. */
    public static List<String> generated(int count) {
        if (count < 1 || count > MAX_TEAMS) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_TEAMS + ", was " + count);
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(GENERATED_PREFIX + i);
        }
        return List.copyOf(names);
    }

    /** Every name valid, none twice, at least one and at most {@link #MAX_TEAMS}. */
    public static List<String> validateAll(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("names must hold at least one team name");
        }
        if (names.size() > MAX_TEAMS) {
            throw new IllegalArgumentException("names holds " + names.size() + " teams: at most " + MAX_TEAMS);
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            validate(name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("team name '" + name + "' appears twice in names");
            }
        }
        return List.copyOf(names);
    }
}
