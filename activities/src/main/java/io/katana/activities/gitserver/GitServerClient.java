package io.katana.activities.gitserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katana.workflows.common.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The git server through the Gogs API v1 subset that Gogs 0.14 and Gitea both serve, and its web
 * installer (gogs-contract.md §1, §2, §9). Redirects are never followed: Gogs answers success
 * with a 302.
 */
public final class GitServerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INSTALL_SETTLES = Duration.ofSeconds(60);

    private final URI base;
    private final GitFlavor flavor;
    private final Duration timeout;
    private final HttpClient http;

    /** @param base the server's root URL, e.g. {@code http://198.18.255.1:3000} */
    public GitServerClient(URI base, GitFlavor flavor, Duration timeout) {
        String root = base.toString();
        this.base = URI.create(root.endsWith("/") ? root : root + "/");
        this.flavor = flavor;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public GitFlavor flavor() {
        return flavor;
    }

    /** Whether the installer still waits; fails when the server is neither installed nor installing. */
    public InstallState installState() throws IOException, InterruptedException {
        HttpResponse<String> version = send(get("api/v1/version"));
        if (apiAnswers(version)) {
            return InstallState.INSTALLED;
        }
        // Gogs sends every page to its installer; Gitea serves it at / and 404 elsewhere.
        if (version.statusCode() == 302 && version.headers().firstValue("Location").orElse("").contains("install")) {
            return InstallState.WAITING_FOR_INSTALL;
        }
        if (version.statusCode() == 404) {
            HttpResponse<String> page = send(get(installerPath()));
            if (page.statusCode() == 200 && page.body().contains("name=\"db_type\"")) {
                return InstallState.WAITING_FOR_INSTALL;
            }
        }
        throw new GitServerException("git server at " + base + " is neither installed nor showing its installer"
                + " (GET api/v1/version answered " + version.statusCode() + ")", version.statusCode());
    }

    /**
     * Installs the server through its web installer, keeping the paths it proposes.
     *
     * @return false when it was installed already (nothing was sent)
     */
    public boolean install(InstallSettings settings) throws IOException, InterruptedException {
        if (installState() == InstallState.INSTALLED) {
            return false;
        }
        HttpResponse<String> page = send(get(installerPath()));
        Map<String, String> form = InstallForm.fields(flavor, InstallForm.proposals(page.body()), settings);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve(installerPath()))
                .timeout(INSTALL_SETTLES)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncode(form)))
                .build());
        boolean gogsAccepted = answer.statusCode() == 302;
        if (!gogsAccepted) {
            // Gitea re-renders the page with 200 on failure too: the message box tells.
            String reason = InstallForm.error(answer.body()).orElse(null);
            if (reason != null || answer.statusCode() != 200) {
                throw new GitServerException("the git server's installer refused the form: "
                        + redact(reason == null ? "HTTP " + answer.statusCode() : reason, settings), answer.statusCode());
            }
        }
        awaitInstalled();
        return true;
    }

    // 403: installed, and sign-in is required even to read the version.
    private static boolean apiAnswers(HttpResponse<String> version) {
        return version.statusCode() == 200 || version.statusCode() == 403;
    }

    /**
     * Gitea switches to the installed site in the same process: it closes its listener and opens it
     * again a few seconds later, so in between the connection is refused.
     */
    private void awaitInstalled() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(INSTALL_SETTLES);
        while (true) {
            try {
                if (apiAnswers(send(get("api/v1/version")))) {
                    return;
                }
            } catch (java.net.ConnectException e) {
                // The listener is being reopened.
            }
            if (Instant.now().isAfter(deadline)) {
                throw new GitServerException("the git server accepted the installer form but its API did not"
                        + " answer within " + INSTALL_SETTLES.toSeconds() + " s", 0);
            }
            Thread.sleep(250);
        }
    }

    /** A new API token of the account (tokens are made with Basic auth only, gogs-contract.md §2). */
    public Secret createToken(GitCredentials account, String name) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of(
                "name", name,
                // Gitea requires scopes; Gogs ignores unknown keys.
                "scopes", List.of("write:admin", "write:repository", "write:user")));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("api/v1/users/"
                        + encode(account.user()) + "/tokens"))
                .timeout(timeout)
                .header("Authorization", account.basicAuthorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            throw new GitServerException("the git server refused the credentials of '" + account.user() + "'",
                    answer.statusCode());
        }
        expect(answer, 201, "create a token for '" + account.user() + "'");
        return Secret.of(JSON.readTree(answer.body()).path("sha1").asText());
    }

    /** The account a token belongs to. */
    public GitUser currentUser(Secret token) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(get("api/v1/user"), token));
        expect(answer, 200, "read the current user");
        JsonNode user = JSON.readTree(answer.body());
        String login = user.hasNonNull("login") ? user.get("login").asText() : user.path("username").asText();
        return new GitUser(user.path("id").asLong(), login, user.path("is_admin").asBoolean(false));
    }

    /**
     * Creates a user as the admin (gogs-contract.md §3). An existing user is not an error: the
     * result says so, and its password is left as it is.
     *
     * @return true when the user was created now
     */
    public boolean createUser(Secret adminToken, String user, String email, Secret password)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of(
                "source_id", 0,
                "login_name", user,
                "username", user,
                "email", email,
                "password", password.reveal(),
                "send_notify", false,
                // Gitea defaults this to true, which would lock the team out of git over HTTP.
                "must_change_password", false));
        HttpResponse<String> answer = send(withToken(json("api/v1/admin/users", "POST", body), adminToken));
        if (answer.statusCode() == 201) {
            return true;
        }
        if (answer.statusCode() == 422 && answer.body().contains("already exists")) {
            return false;
        }
        throw refused(answer, "create user '" + user + "'", password);
    }

    /** Whether an account of that name exists. */
    public boolean userExists(Secret adminToken, String user) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(get("api/v1/users/" + encode(user)), adminToken));
        if (answer.statusCode() == 200) {
            return true;
        }
        if (answer.statusCode() == 404) {
            return false;
        }
        throw refused(answer, "look up user '" + user + "'", null);
    }

    /**
     * Whether the server accepts these credentials. The token list is the one endpoint that takes
     * Basic auth on both servers (Gogs refuses Basic on {@code /user}).
     */
    public boolean accepts(GitCredentials account) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(get("api/v1/users/" + encode(account.user()) + "/tokens")
                .header("Authorization", account.basicAuthorization()));
        if (answer.statusCode() == 200) {
            return true;
        }
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
            return false;
        }
        throw refused(answer, "check the credentials of '" + account.user() + "'", account.password());
    }

    /**
     * Sets a user's password as the admin. Gogs overwrites the profile fields a PATCH leaves out
     * (gogs-contract.md §3), so the ones Katana sets at creation are sent again.
     */
    public void setPassword(Secret adminToken, String user, String email, Secret password)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of(
                "source_id", 0,
                "login_name", user,
                "email", email,
                "password", password.reveal(),
                "must_change_password", false));
        HttpResponse<String> answer = send(withToken(json("api/v1/admin/users/" + encode(user), "PATCH", body),
                adminToken));
        if (answer.statusCode() != 200) {
            throw refused(answer, "set the password of '" + user + "'", password);
        }
    }

    /**
     * A private repo owned by {@code owner}, created as the admin unless it exists. Gogs 0.14 answers
     * a duplicate with 500 and Gitea with 409 (gogs-contract.md §9), so existence is read first.
     *
     * @return true when the repo was created now
     */
    public boolean ensureRepo(Secret adminToken, String owner, String repo, String defaultBranch)
            throws IOException, InterruptedException {
        if (repoExists(adminToken, owner, repo)) {
            return false;
        }
        String body = JSON.writeValueAsString(Map.of(
                "name", repo,
                "private", true,
                "auto_init", false,
                "default_branch", defaultBranch));
        HttpResponse<String> answer = send(withToken(json("api/v1/admin/users/" + encode(owner) + "/repos", "POST",
                body), adminToken));
        if (answer.statusCode() == 201) {
            return true;
        }
        // A concurrent attempt made it first.
        if (repoExists(adminToken, owner, repo)) {
            return false;
        }
        throw refused(answer, "create repo '" + owner + "/" + repo + "'", null);
    }

    public boolean repoExists(Secret token, String owner, String repo) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(get("api/v1/repos/" + encode(owner) + "/" + encode(repo)), token));
        if (answer.statusCode() == 200) {
            return true;
        }
        if (answer.statusCode() == 404) {
            return false;
        }
        throw refused(answer, "look up repo '" + owner + "/" + repo + "'", null);
    }

    /** Whether this account may read the repo through the API (a private repo hides from others). */
    public boolean canRead(GitCredentials account, String owner, String repo) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(get("api/v1/repos/" + encode(owner) + "/" + encode(repo))
                .header("Authorization", account.basicAuthorization()));
        if (answer.statusCode() == 200) {
            return true;
        }
        if (answer.statusCode() == 404 || answer.statusCode() == 403 || answer.statusCode() == 401) {
            return false;
        }
        throw refused(answer, "read repo '" + owner + "/" + repo + "' as '" + account.user() + "'",
                account.password());
    }

    /** The commit a branch points at, or empty when the repo or branch does not exist (yet). */
    public java.util.Optional<GitCommit> branchHead(Secret token, String owner, String repo, String branch)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(get("api/v1/repos/" + encode(owner) + "/" + encode(repo)
                + "/branches/" + encode(branch)), token));
        if (answer.statusCode() == 404) {
            return java.util.Optional.empty();
        }
        expect(answer, 200, "read branch '" + branch + "' of '" + owner + "/" + repo + "'");
        JsonNode commit = JSON.readTree(answer.body()).path("commit");
        return java.util.Optional.of(new GitCommit(commit.path("id").asText(), commit.path("message").asText()));
    }

    /**
     * The ids of the repo's hooks that deliver to {@code url} (gogs-contract.md §6: there is no
     * single-hook GET, and the secret is never shown).
     */
    public List<Long> hooksTo(Secret adminToken, String owner, String repo, String url)
            throws IOException, InterruptedException {
        return hooks(adminToken, owner, repo, url::equals);
    }

    /** The ids of the repo's hooks whose URL passes {@code url}. */
    public List<Long> hooks(Secret adminToken, String owner, String repo, java.util.function.Predicate<String> url)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(get(hooksPath(owner, repo)), adminToken));
        expect(answer, 200, "list the hooks of '" + owner + "/" + repo + "'");
        List<Long> ids = new java.util.ArrayList<>();
        for (JsonNode hook : JSON.readTree(answer.body())) {
            if (url.test(hook.path("config").path("url").asText())) {
                ids.add(hook.path("id").asLong());
            }
        }
        return ids;
    }

    /** A push hook to {@code url} signed with {@code secret}, active at once; its id. */
    public long createPushHook(Secret adminToken, String owner, String repo, String url, Secret secret)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of(
                "type", "gogs",
                "config", Map.of("url", url, "content_type", "json", "secret", secret.reveal()),
                "events", List.of("push"),
                // Gogs makes hooks inactive unless told otherwise.
                "active", true));
        HttpResponse<String> answer = send(withToken(json(hooksPath(owner, repo), "POST", body), adminToken));
        if (answer.statusCode() != 201) {
            throw refused(answer, "create a hook on '" + owner + "/" + repo + "'", secret);
        }
        return JSON.readTree(answer.body()).path("id").asLong();
    }

    /** Deletes a hook; an unknown id is no error (Gogs answers 204 either way). */
    public void deleteHook(Secret adminToken, String owner, String repo, long id)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(HttpRequest.newBuilder(base.resolve(hooksPath(owner, repo)
                + "/" + id)).timeout(timeout).DELETE(), adminToken));
        if (answer.statusCode() != 204 && answer.statusCode() != 404) {
            throw refused(answer, "delete hook " + id + " of '" + owner + "/" + repo + "'", null);
        }
    }

    private static String hooksPath(String owner, String repo) {
        return "api/v1/repos/" + encode(owner) + "/" + encode(repo) + "/hooks";
    }

    /** The clone URL of a repo under this server's base (gogs-contract.md §8). */
    public URI cloneUrl(String owner, String repo) {
        return base.resolve(encode(owner) + "/" + encode(repo) + ".git");
    }

    /** The server's version, e.g. {@code 1.27.3}. */
    public String version(Secret token) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(withToken(get("api/v1/version"), token));
        expect(answer, 200, "read the version");
        return JSON.readTree(answer.body()).path("version").asText();
    }

    private String installerPath() {
        return flavor == GitFlavor.GOGS ? "install" : "";
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET();
    }

    private HttpRequest.Builder json(String path, String method, String body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    /** An error naming the call and the server's answer, with the password masked out of it. */
    private static GitServerException refused(HttpResponse<String> answer, String what, Secret password) {
        String body = answer.body().length() > 200 ? answer.body().substring(0, 200) + "…" : answer.body();
        if (password != null) {
            body = password.redact(body);
        }
        return new GitServerException("git server could not " + what + ": HTTP " + answer.statusCode()
                + " " + body.strip(), answer.statusCode());
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder request, Secret token) {
        // Gogs accepts exactly "token <value>", not "Bearer" (gogs-contract.md §2).
        return request.header("Authorization", "token " + token.reveal());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void expect(HttpResponse<String> answer, int status, String what) {
        if (answer.statusCode() != status) {
            throw refused(answer, what, null);
        }
    }

    private static String redact(String text, InstallSettings settings) {
        return settings.admin().password().redact(settings.dbPassword().redact(text));
    }

    private static String urlEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
