package io.katana.activities.gitserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web installer's form: what the server proposes on its page, overlaid with Katana's settings.
 * Pure functions over the page's HTML, so the rules are tested without a server.
 */
final class InstallForm {

    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE =
            Pattern.compile("\\b(name|value|type)\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    // Both servers re-render the page with the failure in a "negative message" box.
    private static final Pattern ERROR_BOX = Pattern.compile(
            "class=\"[^\"]*negative message[^\"]*\"[^>]*>(.*?)</div>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** Fields the server fills in from its own configuration and that Katana leaves as proposed. */
    private static final String[] SERVER_PROPOSALS = {
        "repo_root_path", "lfs_root_path", "run_user", "domain", "http_port", "app_url", "log_root_path"
    };

    private InstallForm() {
    }

    /** The text inputs of the installer page with the value the server put in them. */
    static Map<String, String> proposals(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(html);
        while (input.find()) {
            String name = null;
            String value = "";
            String type = "text";
            Matcher attribute = ATTRIBUTE.matcher(input.group());
            while (attribute.find()) {
                switch (attribute.group(1).toLowerCase()) {
                    case "name" -> name = attribute.group(2);
                    case "value" -> value = unescape(attribute.group(2));
                    case "type" -> type = attribute.group(2).toLowerCase();
                    default -> { }
                }
            }
            if (name != null && !type.equals("checkbox") && !type.equals("radio")) {
                fields.put(name, value);
            }
        }
        return fields;
    }

    /** The form to post: the server's proposals for its own paths, Katana's settings for the rest. */
    static Map<String, String> fields(GitFlavor flavor, Map<String, String> proposals, InstallSettings settings) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String name : SERVER_PROPOSALS) {
            String proposed = proposals.get(name);
            if (proposed != null && !proposed.isBlank()) {
                form.put(name, proposed);
            }
        }
        for (String required : new String[] {"repo_root_path", "run_user", "domain", "http_port", "app_url",
            "log_root_path"}) {
            if (!form.containsKey(required)) {
                throw new GitServerException("the installer page proposes no " + required
                        + ": is this the " + flavor.id() + " installer?", 0);
            }
        }
        form.put("db_type", flavor == GitFlavor.GOGS ? "MySQL" : "mysql");
        form.put("db_host", settings.dbHost());
        form.put("db_user", settings.dbUser());
        form.put("db_passwd", settings.dbPassword().reveal());
        form.put("db_name", settings.dbName());
        form.put("ssl_mode", "disable");
        form.put("app_name", settings.appName());
        // Katana uses git over HTTP only.
        form.put("ssh_port", "0");
        form.put("disable_registration", "on");
        if (flavor == GitFlavor.GOGS) {
            // Gitea's installer has no such field and defaults to main; Gogs writes it verbatim.
            form.put("default_branch", settings.defaultBranch());
            form.put("offline_mode", "on");
            form.put("disable_gravatar", "on");
        }
        form.put("admin_name", settings.admin().user());
        form.put("admin_passwd", settings.admin().password().reveal());
        form.put("admin_confirm_passwd", settings.admin().password().reveal());
        form.put("admin_email", settings.adminEmail());
        return form;
    }

    /** The reason a re-rendered installer page gives for refusing the form, if it shows one. */
    static Optional<String> error(String html) {
        Matcher box = ERROR_BOX.matcher(html);
        if (!box.find()) {
            return Optional.empty();
        }
        String text = unescape(box.group(1).replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static String unescape(String text) {
        return text.replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
