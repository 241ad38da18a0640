package io.katana.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatchRulesTest {

    @Test
    void withoutTheKeyTheDockerfileAndChallengeYamlAreProtected() {
        assertThat(PatchRules.protectedPaths("name: web-echo\nreplicas: 1\n"))
                .containsExactly("Dockerfile", "challenge.yaml");
        assertThat(PatchRules.protectedPaths(null)).isEqualTo(PatchRules.DEFAULT_PROTECTED);
    }

    @Test
    void aChallengeNamesItsOwnProtectedPaths() {
        assertThat(PatchRules.protectedPaths("name: web-echo\nprotected: [Dockerfile, flag.txt, k8s/]\n"))
                .containsExactly("Dockerfile", "flag.txt", "k8s/");
    }

    @Test
    void aChangeToAProtectedFileOrInsideAProtectedFolderIsAViolation() {
        List<String> rules = List.of("Dockerfile", "challenge.yaml", "k8s/");
        Set<String> changed = Set.of("www/index.html", "Dockerfile", "k8s/extra.yaml", "k8s.txt", "sub/Dockerfile");

        assertThat(PatchRules.violations(changed, rules)).containsExactly("Dockerfile", "k8s/extra.yaml");
        assertThat(PatchRules.violations(Set.of("www/index.html", "start.sh"), rules)).isEmpty();
    }
}
