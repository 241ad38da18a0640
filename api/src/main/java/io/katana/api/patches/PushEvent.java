package io.katana.api.patches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The fields of a Gogs or Gitea push payload Katana uses, read leniently (unknown keys ignored,
 * {@code null} arrays accepted).
 *
 * @param repository the repo's {@code owner/name}
 * @param after the new tip, all zeros when the branch was deleted
 */
public record PushEvent(String ref, String after, String repository, String message, String pusher) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    /** A body that is not a push payload, and what is missing. */
    public static final class NotAPush extends Exception {
        private static final long serialVersionUID = 1L;

        NotAPush(String message) {
            super(message);
        }
    }

    public static PushEvent parse(byte[] body) throws NotAPush {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new NotAPush("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new NotAPush("the body is not a JSON object");
        }
        String ref = root.path("ref").asText("");
        String after = root.path("after").asText("");
        String repository = root.path("repository").path("full_name").asText("");
        if (!ref.startsWith("refs/")) {
            throw new NotAPush("'ref' is missing or not a full ref name");
        }
        if (!COMMIT.matcher(after).matches()) {
            throw new NotAPush("'after' is missing or not a commit id");
        }
        if (repository.isEmpty()) {
            throw new NotAPush("'repository.full_name' is missing");
        }
        String message = root.path("head_commit").path("message").asText(null);
        if (message == null) {
            for (JsonNode commit : root.path("commits")) {
                if (after.equals(commit.path("id").asText())) {
                    message = commit.path("message").asText(null);
                }
            }
        }
        JsonNode pusher = root.path("pusher");
        String name = pusher.path("username").asText(pusher.path("login").asText(""));
        return new PushEvent(ref, after, repository, message == null ? "" : message.strip(), name);
    }

    public boolean deletesBranch() {
        return after.chars().allMatch(c -> c == '0');
    }
}
