package io.katana.activities.patch;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.katana.activities.kube.ChallengeObjects;
import io.katana.activities.kube.DeploymentWatch;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.PodStates;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.store.CopyStore;
import io.katana.activities.store.PatchStore;
import io.katana.workflows.patch.PatchActivities;
import io.katana.workflows.patch.PatchRequest;
import io.katana.workflows.patch.PatchResult;
import io.katana.workflows.patch.PatchStatus;
import io.katana.workflows.patch.PatchTicket;
import io.katana.workflows.patch.RolloutOutcome;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import io.katana.activities.common.ActivityErrors;
import io.katana.activities.gitserver.GitAdminToken;
import io.katana.activities.gitserver.GitCommit;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.workflows.common.Secret;
import io.katana.workflows.patch.PatchStarts;
import io.katana.workflows.patch.PatchWorkflow;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class PatchActivitiesImpl implements PatchActivities {

    /** On the Deployment: the sequence of the patch whose image it runs (none: the broadcast's). */
    public static final String SEQUENCE_ANNOTATION = "katana.io/patch-sequence";
    public static final String NO_COPY = "NoSuchCopy";
    private static final Logger log = LoggerFactory.getLogger(PatchActivitiesImpl.class);

    private final KubeObjects kube;
    private final DeploymentWatch watch;
    private final PatchStore patches;
    private final CopyStore copies;
    private final WorkflowClient temporal;
    private final GitServerClient git;
    private final GitAdminToken adminToken;
    private final PatchSettings settings;
    private final PatchMeters meters;
    private final Stages stages;

    public PatchActivitiesImpl(KubeObjects kube, DeploymentWatch watch, PatchStore patches, CopyStore copies,
            WorkflowClient temporal, GitServerClient git, GitAdminToken adminToken, PatchSettings settings,
            PatchMeters meters) {
        this.kube = kube;
        this.watch = watch;
        this.patches = patches;
        this.copies = copies;
        this.temporal = temporal;
        this.git = git;
        this.adminToken = adminToken;
        this.settings = settings;
        this.meters = meters;
        this.stages = new Stages(patches, meters);
    }

    @Override
    public PatchTicket open(String patchId, PatchRequest request) {
        Document copy = copies.find(request.team(), request.challenge()).filter(c -> c.getString("image") != null)
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("team " + request.team()
                        + " has no copy of challenge " + request.challenge() + " (was it broadcast?)", NO_COPY));
        Document patch = patches.open(patchId, request);
        return new PatchTicket(patch.getLong("sequence"), copy.getString("image"), copy.getString("commit"));
    }

    @Override
    public int supersedeOlder(String patchId, String team, String challenge, long sequence) {
        int cancelled = 0;
        for (String older : patches.olderInFlight(team, challenge, sequence)) {
            try {
                temporal.newUntypedWorkflowStub(older).cancel();
                cancelled++;
                log.info("{} supersedes {}", patchId, older);
            } catch (WorkflowNotFoundException gone) {
                // Ended meanwhile; its own record says how.
            }
        }
        return cancelled;
    }

    @Override
    public RolloutOutcome rollout(String patchId, String team, String challenge, String image, String commit,
            long sequence) {
        return stages.timed(patchId, ownImage(patchId, image) ? "rollout" : "rollback",
                PatchStatus.ROLLING_OUT, () -> setImage(team, challenge, image, commit, sequence),
                outcome -> outcome == RolloutOutcome.NEWER_LIVE ? "a newer patch is already there" : null);
    }

    private RolloutOutcome setImage(String team, String challenge, String image, String commit, long sequence) {
        var deployments = kube.client().apps().deployments().inNamespace(TeamObjects.namespace(team));
        Deployment current = deployments.withName(challenge).get();
        if (current == null) {
            throw ApplicationFailure.newNonRetryableFailure("team " + team + " has no Deployment " + challenge, NO_COPY);
        }
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        long live = annotations == null ? 0 : Long.parseLong(annotations.getOrDefault(SEQUENCE_ANNOTATION, "0"));
        if (live > sequence) {
            return RolloutOutcome.NEWER_LIVE;
        }
        // A replace carrying the resourceVersion read: a concurrent rollout makes it fail with 409,
        // and the retry reads the Deployment (and its sequence) again.
        deployments.resource(new DeploymentBuilder(current)
                .editMetadata().addToAnnotations(SEQUENCE_ANNOTATION, Long.toString(sequence)).endMetadata()
                .editSpec().editTemplate()
                .editMetadata().addToAnnotations(ChallengeObjects.COMMIT_ANNOTATION, commit).endMetadata()
                .editSpec().editFirstContainer().withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).update();
        return RolloutOutcome.APPLIED;
    }

    @Override
    public String awaitRollout(String patchId, String team, String challenge, String image) {
        String namespace = TeamObjects.namespace(team);
        var context = Activity.getExecutionContext();
        return stages.timed(patchId, ownImage(patchId, image) ? "ready" : "rollback ready",
                PatchStatus.ROLLING_OUT, () -> {
                    try {
                        boolean ready = watch.await(namespace, challenge,
                                deployment -> DeploymentWatch.rolledOut(deployment, image)
                                        || stuck(namespace, challenge, image) != null,
                                settings.rolloutDeadline(), () -> context.heartbeat(null))
                                && DeploymentWatch.rolledOut(watch.deployment(namespace, challenge), image);
                        return ready ? null : notReady(namespace, challenge, image);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw Activity.wrap(e);
                    }
                }, reason -> reason);
    }

    /** Why the pods of this image are not starting for good (a crash loop, a missing image), or null. */
    private String stuck(String namespace, String challenge, String image) {
        return watch.pods(namespace, challenge).stream()
                .filter(pod -> image.equals(pod.getSpec().getContainers().get(0).getImage()))
                .map(PodStates::stuckReason).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private String notReady(String namespace, String challenge, String image) {
        String stuck = stuck(namespace, challenge, image);
        if (stuck != null) {
            return "the new version does not start: " + stuck;
        }
        return "the new version was not ready within " + settings.rolloutDeadline().toSeconds()
                + " s (its readiness check never passed)";
    }

    @Override
    public List<String> startMissedPushes() {
        String taskQueue = Activity.getExecutionContext().getInfo().getActivityTaskQueue();
        List<String> started = new ArrayList<>();
        List<Document> ready = copies.all().stream()
                .filter(copy -> "READY".equals(copy.getString("state")) && copy.getString("image") != null).toList();
        if (ready.isEmpty()) {
            // Before init and the first broadcast there is no admin token to read heads with.
            return started;
        }
        Secret token = adminToken.get();
        for (Document copy : ready) {
            String team = copy.getString("team");
            String challenge = copy.getString("challenge");
            String handled = copy.getString("lastCommit") != null ? copy.getString("lastCommit")
                    : copy.getString("commit");
            Optional<GitCommit> head = ActivityErrors.outside(() ->
                    git.branchHead(token, team, challenge, settings.defaultBranch()));
            if (head.isEmpty() || head.get().id().equals(handled)) {
                continue;
            }
            PatchRequest request = PatchRequest.push(team, challenge, head.get().id(), head.get().message(),
                    "reconciliation", PatchRequest.Trigger.RECONCILE);
            String id = PatchStarts.workflowId(request);
            try {
                WorkflowClient.start(temporal.newWorkflowStub(PatchWorkflow.class,
                        PatchStarts.options(id, taskQueue))::patch, request);
                started.add(id);
                log.info("{}/{}: head {} was never handled, started {}", team, challenge, head.get().id(), id);
            } catch (WorkflowExecutionAlreadyStarted handledAlready) {
                // The webhook's run of the same push: nothing missed.
            }
        }
        return started;
    }

    @Override
    public void finish(String patchId, PatchResult result, String commit) {
        long totalMillis = patches.finish(patchId, result, commit);
        meters.finished(result.status().name(), totalMillis);
    }

    /** Whether the image is the patch's own (else it is the previous one being put back). */
    private boolean ownImage(String patchId, String image) {
        return image.equals(patches.find(patchId).map(p -> p.getString("digest")).orElse(null));
    }
}
