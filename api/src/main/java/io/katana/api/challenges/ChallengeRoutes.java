package io.katana.api.challenges;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import io.katana.api.jobs.JobStarter;
import io.katana.workflows.WorkflowIds;
import io.katana.workflows.challenge.BroadcastChallengeWorkflow;
import io.katana.workflows.challenge.BroadcastRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/v1/challenges}: upload a package (multipart {@code file}), list them, read one. */
public final class ChallengeRoutes {

    private final ChallengeCatalog catalog;
    private final JobStarter jobs;

    public ChallengeRoutes(ChallengeCatalog catalog, JobStarter jobs) {
        this.catalog = catalog;
        this.jobs = jobs;
    }

    public void register(RoutesConfig routes, String prefix) {
        routes.post(prefix + "/challenges", this::upload);
        routes.get(prefix + "/challenges", ctx -> ctx.json(catalog.list()));
        routes.get(prefix + "/challenges/{name}", ctx -> ctx.json(catalog.find(ctx.pathParam("name"))
                .orElseThrow(() -> new NotFoundResponse("no challenge '" + ctx.pathParam("name") + "'"))));
    }

    private void upload(Context ctx) throws IOException {
        long max = catalog.maxArchiveBytes();
        // The multipart framing adds a little; far more than the limit is refused before reading.
        if (ctx.contentLength() > max + 64 * 1024) {
            throw bad("the upload is " + ctx.contentLength() + " bytes: an archive may have at most " + max);
        }
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) {
            throw bad("no archive: send it as the multipart field 'file'");
        }
        byte[] archive;
        try (InputStream in = file.content()) {
            archive = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (archive.length > max) {
            throw bad("the archive is larger than " + max + " bytes");
        }
        BroadcastRequest request;
        try {
            request = catalog.accept(archive);
        } catch (ChallengeCatalog.Refused e) {
            throw bad(e.getMessage());
        }
        String id = WorkflowIds.challenge(request.spec().name(), request.version());
        Map<String, Object> started = jobs.startOnce(id, BroadcastChallengeWorkflow.class,
                (BroadcastChallengeWorkflow workflow) -> workflow.broadcast(request));
        ctx.status(HttpStatus.ACCEPTED).json(started);
    }

    private static BadRequestResponse bad(String message) {
        return new BadRequestResponse(message, Map.of("field", "file"));
    }
}
