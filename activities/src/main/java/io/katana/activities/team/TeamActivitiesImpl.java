package io.katana.activities.team;

import io.katana.activities.common.ActivityErrors;
import io.katana.activities.common.Passwords;
import io.katana.activities.common.SshKeyPair;
import io.katana.activities.gitserver.GitAdminToken;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.gitserver.GitServerException;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.PodStates;
import io.katana.activities.kube.Readiness;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.store.KatanaStore;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.TeamActivities;
import io.katana.workflows.team.TeamResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class TeamActivitiesImpl implements TeamActivities {

    private static final Logger log = LoggerFactory.getLogger(TeamActivitiesImpl.class);
    private static final int PASSWORD_LENGTH = 24;
    private static final Duration STUCK_GRACE = Duration.ofSeconds(45);
    private static final Duration POD_DEADLINE = Duration.ofMinutes(5);

    private final KubeObjects kube;
    private final KatanaStore store;
    private final GitServerClient git;
    private final GitAdminToken adminToken;
    private final TeamSettings settings;

    public TeamActivitiesImpl(KubeObjects kube, KatanaStore store, GitServerClient git, GitAdminToken adminToken,
            TeamSettings settings) {
        this.kube = kube;
        this.store = store;
        this.git = git;
        this.adminToken = adminToken;
        this.settings = settings;
    }

    @Override
    public void markProvisioning(String team) {
        store.markProvisioning(team);
    }

    @Override
    public String ensureNamespace(String team) {
        kube.apply(TeamObjects.namespaceObject(team));
        // An in-cluster worker may write here only once its RoleBinding exists; RBAC sees a new
        // binding within milliseconds, and a 403 before that fails the attempt, which Temporal retries.
        TeamObjects.roleBindings(team, settings.adminNamespace()).forEach(kube::apply);
        TeamObjects.networkPolicies(team, settings.adminNamespace(), settings.gitPodUrl()).forEach(kube::apply);
        kube.apply(TeamObjects.quota(team));
        kube.apply(TeamObjects.limits(team));
        return TeamObjects.namespace(team);
    }

    @Override
    public boolean ensureGitAccount(String team) {
        if (team.equalsIgnoreCase(settings.gitAdminUser())) {
            throw ApplicationFailure.newNonRetryableFailure("team name '" + team + "' is the git server admin's"
                    + " user name: choose another team name", ActivityErrors.GIT_SERVER_REFUSED);
        }
        GitCredentials account = credentials(team);
        String email = TeamSettings.email(team);
        return ActivityErrors.outside(() -> {
            try {
                Secret token = adminToken.get();
                boolean created = git.createUser(token, account.user(), email, account.password());
                if (!created && !git.accepts(account)) {
                    // Made by an earlier attempt whose Secret was lost, or changed by hand.
                    log.info("git user {} exists with another password: setting the one in its Secret",
                            account.user());
                    git.setPassword(token, account.user(), email, account.password());
                }
                return created;
            } catch (GitServerException e) {
                if (e.status() == 401 || e.status() == 403) {
                    adminToken.invalidate();
                }
                throw e;
            }
        });
    }

    /** The team's credentials from its Secret, made with a new password the first time. */
    GitCredentials credentials(String team) {
        String namespace = TeamObjects.namespace(team);
        Map<String, String> values = kube.secretValues(namespace, TeamObjects.CREDENTIALS_SECRET)
                .orElseGet(() -> KubeObjects.values(kube.createIfAbsent(
                        TeamObjects.credentials(team, team, Passwords.generate(PASSWORD_LENGTH)))));
        return new GitCredentials(values.get("username"), Secret.of(values.get("password")));
    }

    @Override
    public String ensureMasterPod(String team) {
        String namespace = TeamObjects.namespace(team);
        if (kube.secretValues(namespace, TeamObjects.SSH_SECRET).isEmpty()) {
            SshKeyPair keys = SshKeyPair.generate(team + "@katana");
            kube.createIfAbsent(TeamObjects.sshKeys(team, keys.privateKey(), keys.publicKey()));
        }
        kube.createIfAbsent(TeamObjects.challenges(team));
        kube.apply(TeamObjects.masterService(team));
        kube.apply(TeamObjects.master(team, settings.masterImage(), settings.gitPodUrl()));
        return TeamObjects.MASTER_POD;
    }

    @Override
    public void awaitMasterPod(String team) {
        var pod = kube.client().pods().inNamespace(TeamObjects.namespace(team)).withName(TeamObjects.MASTER_POD);
        var context = Activity.getExecutionContext();
        Readiness.await("master pod of team " + team, POD_DEADLINE, STUCK_GRACE, () -> context.heartbeat(null),
                () -> PodStates.ready(pod.get()), () -> PodStates.stuckReason(pod.get()));
    }

    @Override
    public void recordReady(TeamResult team) {
        store.recordReady(team);
    }

    @Override
    public void recordFailed(String team, String reason) {
        store.recordFailed(team, reason);
    }
}
