package io.katana.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.katana.activities.gitserver.GitCredentials;
import io.katana.activities.gitserver.GitFlavor;
import io.katana.activities.gitserver.GitServerClient;
import io.katana.activities.kube.KubeClients;
import io.katana.activities.kube.KubeObjects;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.store.KatanaStore;
import io.katana.activities.store.Mongo;
import io.katana.workflows.common.Secret;
import io.katana.workflows.team.TeamState;
import io.katana.workflows.testkit.TestBed;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Reads what a team left on every system of the test bed, for the worker's end-to-end tests. */
final class ItSystems implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    final KubernetesClient kube = KubeClients.fromKubeconfig(Path.of(TestBed.env("KATANA_KUBECONFIG")), TIMEOUT, 0);
    final MongoClient mongo = Mongo.connect(Secret.of(TestBed.env("KATANA_MONGODB_URI")), TIMEOUT);
    final KatanaStore store = new KatanaStore(mongo.getDatabase(TestBed.env("KATANA_MONGODB_DATABASE")));
    final KubeObjects objects = new KubeObjects(kube);
    final GitServerClient git = new GitServerClient(URI.create(TestBed.env("KATANA_GIT_URL")),
            GitFlavor.parse(TestBed.env("KATANA_GIT_FLAVOR")).orElseThrow(), TIMEOUT);

    /** The team is whole: namespace, Ready master pod on the real node, git login, READY record. */
    void assertProvisioned(String team) throws Exception {
        assertThat(kube.namespaces().withName(team).get()).as("namespace " + team).isNotNull();
        Pod master = kube.pods().inNamespace(team).withName(TeamObjects.MASTER_POD).get();
        assertThat(master).as("master pod of " + team).isNotNull();
        assertThat(master.getSpec().getNodeName()).isEqualTo("node-0");
        assertThat(master.getStatus().getConditions())
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        Map<String, String> credentials = objects.secretValues(team, TeamObjects.CREDENTIALS_SECRET).orElseThrow();
        assertThat(git.accepts(new GitCredentials(credentials.get("username"),
                Secret.of(credentials.get("password"))))).as("git login of " + team).isTrue();
        assertThat(store.team(team).orElseThrow().state()).isEqualTo(TeamState.READY);
        assertThat(store.count(KatanaStore.TEAMS, Filters.eq("_id", team))).isEqualTo(1);
    }

    String secretVersion(String team) {
        return kube.secrets().inNamespace(team).withName(TeamObjects.CREDENTIALS_SECRET).get()
                .getMetadata().getResourceVersion();
    }

    record Exec(int code, String out) {
    }

    /**
     * Runs a script as the team in its master pod (a login shell, as a team member's ssh session).
     * The exit code travels in the output: fabric8 ends the stream with an error on a non-zero exit.
     */
    Exec exec(String team, String script) throws Exception {
        String wrapped = "bash -l -c '" + script.replace("'", "'\\''") + "' 2>&1; echo \"__rc=$?\"";
        try (io.fabric8.kubernetes.client.dsl.ExecWatch watch = kube.pods().inNamespace(team)
                .withName(TeamObjects.MASTER_POD).inContainer(TeamObjects.MASTER).redirectingOutput()
                .exec("bash", "-c", wrapped)) {
            String out = new String(watch.getOutput().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            watch.exitCode().get(120, java.util.concurrent.TimeUnit.SECONDS);
            int marker = out.lastIndexOf("__rc=");
            return new Exec(Integer.parseInt(out.substring(marker + 5).strip()), out.substring(0, marker).strip());
        }
    }

    /** Changes the team's checkout of the challenge and runs the real patch_challenge; the pushed commit. */
    String patchChallenge(String team, String challenge, String change, String message) throws Exception {
        Exec run = exec(team, "set -e; cd ~/challenges/" + challenge + "; " + change
                + "; patch_challenge '" + message + "' >/dev/null; git rev-parse HEAD");
        assertThat(run.code()).as(run.out()).isZero();
        String commit = run.out().lines().reduce((a, b) -> b).orElseThrow().strip();
        assertThat(commit).matches("[0-9a-f]{40}");
        return commit;
    }

    /** Runs the script in the team's master pod every second until its output holds the text (90 s at most). */
    String awaitOutput(String team, String script, String expected) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofSeconds(90));
        String out;
        do {
            out = exec(team, script).out();
            if (out.contains(expected)) {
                return out;
            }
            Thread.sleep(1000);
        } while (java.time.Instant.now().isBefore(deadline));
        throw new AssertionError("'" + expected + "' not in the output of " + script + " in " + team + ":\n" + out);
    }

    @Override
    public void close() {
        kube.close();
        mongo.close();
    }
}
