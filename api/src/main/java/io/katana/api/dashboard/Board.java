package io.katana.api.dashboard;

import io.katana.api.AdminServices;
import io.katana.workflows.WorkflowIds;
import io.katana.workflows.team.TeamRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the dashboard shows, read from MongoDB through the admin services (teams, copies, patch
 * records) and, for the jobs in flight only, from Temporal: teams × challenges with each copy's
 * state, digest, commit and last patch; the latest patches with their stage times; the running
 * team creations and broadcasts. Times are ISO-8601 strings; the page turns them into ages.
 */
public final class Board {

    /** Rows of the latest-patches table. */
    static final int LATEST = 25;
    /** Patch records read at once to find each copy's last patch; copies not among them are asked one by one. */
    private static final int SCAN = 200;
    private static final Set<String> FAILING_PATCHES = Set.of("FAILED", "ROLLED_BACK");

    private final AdminServices services;
    private final RunningJobs jobs;

    public Board(AdminServices services, RunningJobs jobs) {
        this.services = services;
        this.jobs = jobs;
    }

    /** The board now, as JSON-ready maps and lists. */
    public Map<String, Object> read() {
        List<Map<String, Object>> patches = services.patches().list(null, null, SCAN);
        Map<String, Map<String, Object>> lastPatch = new HashMap<>();
        for (Map<String, Object> patch : patches) {
            lastPatch.putIfAbsent(copyKey(patch.get("team"), patch.get("challenge")), patch);
        }

        Map<String, TeamRecord> teams = new HashMap<>();
        services.teams().list().forEach(team -> teams.put(team.name(), team));
        Set<String> teamNames = new TreeSet<>(NATURAL);
        teamNames.addAll(teams.keySet());

        List<Map<String, Object>> challenges = new ArrayList<>();
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Map<String, Object> challenge : services.challenges().list()) {
            String name = String.valueOf(challenge.get("name"));
            String version = null;
            for (Map<String, Object> copy : copies(challenge)) {
                String team = String.valueOf(copy.get("team"));
                teamNames.add(team);
                if (copy.get("version") instanceof String v) {
                    version = v;
                }
                Map<String, Object> patch = lastPatch.get(copyKey(team, name));
                if (patch == null && copy.get("patchSequence") instanceof Number n && n.longValue() > 0) {
                    patch = services.patches().list(team, name, 1).stream().findFirst().orElse(null);
                }
                cells.add(cell(team, name, copy, patch));
            }
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", name);
            column.put("version", version);
            String shown = version;
            String workflowId = shown == null ? null : idOrNull(() -> WorkflowIds.challenge(name, shown));
            column.put("workflowId", workflowId);
            column.put("temporalUi", link(workflowId));
            challenges.add(column);
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : teamNames) {
            TeamRecord team = teams.get(name);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("state", team == null ? "UNKNOWN" : team.state().name());
            row.put("error", team == null ? "no team record" : team.error());
            String workflowId = idOrNull(() -> WorkflowIds.team(name));
            row.put("workflowId", workflowId);
            row.put("temporalUi", link(workflowId));
            row.put("failing", team == null || "FAILED".equals(team.state().name()));
            rows.add(row);
        }

        Map<String, Object> board = new LinkedHashMap<>();
        board.put("teams", rows);
        board.put("challenges", challenges);
        board.put("cells", cells);
        board.put("patches", patches.stream().limit(LATEST).map(this::patch).toList());
        board.put("jobs", jobs());
        return board;
    }

    private Map<String, Object> cell(String team, String challenge, Map<String, Object> copy,
            Map<String, Object> patch) {
        Map<String, Object> cell = new LinkedHashMap<>();
        String state = copy.get("state") instanceof String s ? s : "PENDING";
        cell.put("team", team);
        cell.put("challenge", challenge);
        cell.put("state", state);
        cell.put("error", copy.get("error"));
        String image = copy.get("image") instanceof String i ? i : null;
        String digest = digestOf(image);
        cell.put("image", image);
        cell.put("digest", digest);
        cell.put("shortDigest", shortDigest(digest));
        String commit = copy.get("commit") instanceof String c ? c : null;
        cell.put("commit", commit);
        cell.put("shortCommit", shortCommit(commit));
        cell.put("updatedAt", iso(copy.get("updatedAt")));
        cell.put("lastPatch", patch == null ? null : patch(patch));
        boolean failing = "FAILED".equals(state) || patch != null && FAILING_PATCHES.contains(patch.get("status"));
        cell.put("failing", failing);
        return cell;
    }

    private Map<String, Object> patch(Map<String, Object> record) {
        Map<String, Object> patch = new LinkedHashMap<>();
        String id = String.valueOf(record.get("id"));
        patch.put("id", id);
        patch.put("team", record.get("team"));
        patch.put("challenge", record.get("challenge"));
        String commit = record.get("commit") instanceof String c ? c : null;
        patch.put("commit", commit);
        patch.put("shortCommit", shortCommit(commit));
        patch.put("message", record.get("message"));
        patch.put("pusher", record.get("pusher"));
        patch.put("trigger", record.get("trigger"));
        patch.put("sequence", record.get("sequence"));
        patch.put("status", record.get("status"));
        patch.put("error", record.get("error"));
        patch.put("shortDigest", shortDigest(digestOf(record.get("digest") instanceof String d ? d : null)));
        patch.put("receivedAt", iso(record.get("receivedAt")));
        patch.put("endedAt", iso(record.get("endedAt")));
        patch.put("totalMillis", record.get("totalMillis"));
        Map<String, Object> stages = new LinkedHashMap<>();
        if (record.get("stages") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> stage && stage.get("name") instanceof String name) {
                    Map<String, Object> times = new LinkedHashMap<>();
                    times.put("millis", stage.get("millis"));
                    times.put("error", stage.get("error"));
                    stages.put(name, times);
                }
            }
        }
        patch.put("stages", stages);
        patch.put("workflowId", id);
        patch.put("temporalUi", link(id));
        patch.put("failing", FAILING_PATCHES.contains(record.get("status")));
        return patch;
    }

    private Map<String, Object> jobs() {
        Map<String, Object> answer = new LinkedHashMap<>();
        List<Map<String, Object>> running = new ArrayList<>();
        try {
            for (RunningJobs.Job job : jobs.list()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("workflowId", job.workflowId());
                entry.put("type", job.type());
                entry.put("kind", job.kind());
                entry.put("startedAt", iso(job.startedAt()));
                entry.put("progress", job.progress() == null ? null : Map.of("done", job.progress().done(),
                        "total", job.progress().total(), "failed", job.progress().failed()));
                entry.put("note", job.note());
                entry.put("temporalUi", link(job.workflowId()));
                running.add(entry);
            }
            answer.put("error", null);
        } catch (RuntimeException e) {
            answer.put("error", "the running jobs could not be read from Temporal: " + e.getMessage());
        }
        answer.put("running", running);
        return answer;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> copies(Map<String, Object> challenge) {
        return challenge.get("teams") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private String link(String workflowId) {
        return workflowId == null ? null : services.workflowLink(workflowId);
    }

    private static String idOrNull(java.util.function.Supplier<String> id) {
        try {
            return id.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String copyKey(Object team, Object challenge) {
        return team + "/" + challenge;
    }

    /** The {@code sha256:...} part of an image reference {@code repo@sha256:...}, or null. */
    private static String digestOf(String image) {
        return image == null || !image.contains("@") ? null : image.substring(image.indexOf('@') + 1);
    }

    /** {@code sha256:} and the first 12 hex digits, as image tools abbreviate. */
    static String shortDigest(String digest) {
        if (digest == null) {
            return null;
        }
        int colon = digest.indexOf(':');
        return digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }

    /** The first 7 hex digits, as git abbreviates. */
    static String shortCommit(String commit) {
        return commit == null || commit.length() <= 7 ? commit : commit.substring(0, 7);
    }

    static String iso(Object time) {
        if (time instanceof Date date) {
            return date.toInstant().toString();
        }
        if (time instanceof Instant instant) {
            return instant.toString();
        }
        return time == null ? null : time.toString();
    }

    /** team-2 before team-10. */
    static final Comparator<String> NATURAL = (a, b) -> {
        String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int order = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i])) : x[i].compareTo(y[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(x.length, y.length) != 0 ? Integer.compare(x.length, y.length) : a.compareTo(b);
    };
}
