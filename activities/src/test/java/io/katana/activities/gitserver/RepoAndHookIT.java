package io.katana.activities.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katana.activities.ItPlatform;
import io.katana.activities.kube.TeamObjects;
import io.katana.activities.source.SourcePush;
import io.katana.activities.team.TeamActivitiesImpl;
import io.katana.workflows.common.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A team's challenge repo on the test bed's Gitea: private, holding the sample's source as its
 * first commit pushed as the team with JGit, and a push hook with a secret.
 */
class RepoAndHookIT {

    private static final String OWNER = "it-repo";
    private static final String OTHER = "it-other";
    private static final Path SAMPLE = Path.of("..", "deploy", "examples", "challenges", "web-echo");

    private static ItPlatform platform;
    private static GitCredentials owner;
    private static GitCredentials other;
    private static Secret token;

    @BeforeAll
    static void teams() {
        platform = new ItPlatform();
        platform.initialise();
        TeamActivitiesImpl teams = platform.teams();
        for (String team : new String[] {OWNER, OTHER}) {
            teams.ensureNamespace(team);
            teams.ensureGitAccount(team);
        }
        owner = credentials(OWNER);
        other = credentials(OTHER);
        token = platform.adminToken.get();
    }

    @AfterAll
    static void close() {
        platform.close();
    }

    private static GitCredentials credentials(String team) {
        Map<String, String> values = platform.objects.secretValues(team, TeamObjects.CREDENTIALS_SECRET).orElseThrow();
        return new GitCredentials(values.get("username"), Secret.of(values.get("password")));
    }

    @Test
    void theSourceIsTheFirstCommitAndASecondPushChangesNothing() throws Exception {
        platform.git.ensureRepo(token, OWNER, "web-echo", "main");
        assertThat(platform.git.ensureRepo(token, OWNER, "web-echo", "main")).isFalse();
        URI clone = platform.git.cloneUrl(OWNER, "web-echo");

        String first = SourcePush.pushInitial(clone, owner, "main", SAMPLE, "web-echo: source");
        String again = SourcePush.pushInitial(clone, owner, "main", SAMPLE, "web-echo: source");

        assertThat(again).isEqualTo(first);
        assertThat(SourcePush.remoteHead(clone, owner, "main")).contains(first);
    }

    @Test
    void anotherTeamCanReadTheRepoNeitherThroughTheApiNorOverGit() throws Exception {
        platform.git.ensureRepo(token, OWNER, "web-echo", "main");
        URI clone = platform.git.cloneUrl(OWNER, "web-echo");
        SourcePush.pushInitial(clone, owner, "main", SAMPLE, "web-echo: source");

        assertThat(platform.git.canRead(owner, OWNER, "web-echo")).isTrue();
        assertThat(platform.git.canRead(other, OWNER, "web-echo")).isFalse();
        assertThatThrownBy(() -> SourcePush.remoteHead(clone, other, "main"))
                .hasMessageContaining("cannot read the branches of")
                .hasMessageNotContaining(other.password().reveal());
    }

    @Test
    void aPushHookIsRegisteredOnceWithItsSecret() throws Exception {
        platform.git.ensureRepo(token, OWNER, "web-echo", "main");
        String url = "http://127.0.0.1:8080/hooks/git/" + OWNER + "/web-echo";
        for (long id : platform.git.hooksTo(token, OWNER, "web-echo", url)) {
            platform.git.deleteHook(token, OWNER, "web-echo", id);
        }

        long id = platform.git.createPushHook(token, OWNER, "web-echo", url, Secret.of("hook-secret-123"));

        assertThat(platform.git.hooksTo(token, OWNER, "web-echo", url)).containsExactly(id);
        platform.git.deleteHook(token, OWNER, "web-echo", id);
        assertThat(platform.git.hooksTo(token, OWNER, "web-echo", url)).isEmpty();
    }
}
