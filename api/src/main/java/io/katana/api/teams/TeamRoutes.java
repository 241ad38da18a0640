package io.katana.api.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.katana.api.AdminServices;
import io.katana.api.jobs.JobStarter;
import io.katana.workflows.team.CreateTeamsRequest;
import io.katana.workflows.team.CreateTeamsWorkflow;
import io.katana.workflows.team.TeamNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/teams}: create teams (a workflow), list them and read one, hand out credentials. */
public final class TeamRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("count", "names", "concurrency");

    private final AdminServices services;
    private final JobStarter jobs;

    public TeamRoutes(AdminServices services, JobStarter jobs) {
        this.services = services;
        this.jobs = jobs;
    }

    public void register(RoutesConfig routes, String prefix) {
        routes.post(prefix + "/teams", this::create);
        routes.get(prefix + "/teams", ctx -> ctx.json(services.teams().list()));
        routes.get(prefix + "/teams/{name}", ctx -> ctx.json(services.teams().find(name(ctx))
                .orElseThrow(() -> new NotFoundResponse("no team '" + ctx.pathParam("name") + "'"))));
        routes.get(prefix + "/teams/{name}/credentials", this::credentials);
    }

    private void create(Context ctx) {
        CreateTeamsRequest parsed = parse(ctx.body());
        CreateTeamsRequest request = parsed.concurrency() != null ? parsed
                : new CreateTeamsRequest(parsed.count(), parsed.names(), services.teamConcurrency());
        String workflowId = workflowId(request.teams());
        Map<String, Object> started = jobs.start(workflowId, CreateTeamsWorkflow.class,
                (CreateTeamsWorkflow workflow) -> workflow.create(request));
        ctx.status(HttpStatus.ACCEPTED).json(started);
    }

    private void credentials(Context ctx) {
        String team = name(ctx);
        TeamCredentials.Credentials credentials = services.credentials().read(team)
                .orElseThrow(() -> new NotFoundResponse("no credentials for team '" + team + "' (not provisioned yet?)"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("team", team);
        body.put("gitUrl", services.gitUrl().toString());
        body.put("gitUser", credentials.gitUser());
        body.put("gitPassword", credentials.gitPassword().reveal());
        body.put("sshUser", "team");
        body.put("sshPrivateKey", credentials.sshPrivateKey() == null ? null : credentials.sshPrivateKey().reveal());
        // A password in the answer: no cache may keep it.
        ctx.header("Cache-Control", "no-store");
        ctx.json(body);
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        try {
            return TeamNames.validate(name);
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse("no team '" + name + "'");
        }
    }

    /** The body as a request, or 400 naming the field that is wrong. */
    static CreateTeamsRequest parse(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw bad("the body is not JSON: expected {\"count\": N} or {\"names\": [...]}", "body");
        }
        if (json == null || !json.isObject()) {
            throw bad("the body must be a JSON object: {\"count\": N} or {\"names\": [...]}", "body");
        }
        for (var names = json.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw bad("unknown field '" + field + "': expected count, names or concurrency", field);
            }
        }
        Integer count = integer(json, "count");
        Integer concurrency = integer(json, "concurrency");
        List<String> names = null;
        if (json.has("names") && !json.get("names").isNull()) {
            if (!json.get("names").isArray()) {
                throw bad("names must be a list of team names", "names");
            }
            names = new ArrayList<>();
            for (JsonNode name : json.get("names")) {
                if (!name.isTextual()) {
                    throw bad("names must hold strings, found " + name, "names");
                }
                names.add(name.asText());
            }
        }
        try {
            return new CreateTeamsRequest(count, names, concurrency);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.startsWith("concurrency") ? "concurrency"
                    : message.startsWith("count") ? "count"
                    : message.startsWith("give either") ? (count != null ? "count" : "names")
                    : "names";
            throw bad(message, field);
        }
    }

    private static Integer integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw bad(field + " must be a whole number, found " + value, field);
        }
        return value.asInt();
    }

    private static BadRequestResponse bad(String message, String field) {
        return new BadRequestResponse(message, Map.of("field", field));
    }

    /**
     * The same teams always map to the same workflow id: a repeated POST while one runs finds it,
     * and one after it finished runs the (idempotent) provisioning again.
     */
    static String workflowId(List<String> teams) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", teams).getBytes(StandardCharsets.UTF_8));
            return "teams-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
