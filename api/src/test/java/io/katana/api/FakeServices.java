package io.katana.api;

import io.katana.api.challenges.ChallengeCatalog;
import io.katana.api.patches.Patches;
import io.katana.api.teams.TeamCredentials;
import io.katana.api.teams.TeamDirectory;
import io.katana.workflows.team.TeamRecord;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Admin services over a fixed list of teams, for tests of the routes. */
public final class FakeServices {

    private FakeServices() {
    }

    public static AdminServices services(List<TeamRecord> teams, TeamCredentials credentials) {
        return services(teams, credentials, challenges(List.of()));
    }

    /** A catalog that takes no upload and lists these challenges (read at each call: a test may change them). */
    public static ChallengeCatalog challenges(List<java.util.Map<String, Object>> challenges) {
        return new ChallengeCatalog() {
            @Override
            public long maxArchiveBytes() {
                return 1024;
            }

            @Override
            public io.katana.workflows.challenge.BroadcastRequest accept(byte[] archive) {
                throw new Refused("no uploads in this test");
            }

            @Override
            public List<java.util.Map<String, Object>> list() {
                return challenges;
            }

            @Override
            public Optional<java.util.Map<String, Object>> find(String name) {
                return Optional.empty();
            }
        };
    }

    public static AdminServices services(List<TeamRecord> teams, TeamCredentials credentials,
            ChallengeCatalog challenges) {
        return services(teams, credentials, challenges, NO_PATCHES);
    }

    /** No copy has a webhook, and nothing was patched. */
    public static final Patches NO_PATCHES = patches(List.of());

    /** These patch records (newest first, each with its {@code id}); no copy has a webhook. */
    public static Patches patches(List<java.util.Map<String, Object>> records) {
        return new Patches() {
            @Override
            public Optional<io.katana.workflows.common.Secret> webhookSecret(String team, String challenge) {
                return Optional.empty();
            }

            @Override
            public List<java.util.Map<String, Object>> list(String team, String challenge, int limit) {
                return records.stream().filter(p -> team == null || team.equals(p.get("team")))
                        .filter(p -> challenge == null || challenge.equals(p.get("challenge"))).limit(limit).toList();
            }

            @Override
            public Optional<java.util.Map<String, Object>> find(String patchId) {
                return records.stream().filter(p -> patchId.equals(p.get("id"))).findFirst();
            }

            @Override
            public Optional<LiveVersion> liveBefore(String team, String challenge, String commitOrDigest) {
                return Optional.empty();
            }
        };
    }

    public static AdminServices services(List<TeamRecord> teams, TeamCredentials credentials,
            ChallengeCatalog challenges, Patches patches) {
        TeamDirectory directory = new TeamDirectory() {
            @Override
            public List<TeamRecord> list() {
                return teams;
            }

            @Override
            public Optional<TeamRecord> find(String name) {
                return teams.stream().filter(t -> t.name().equals(name)).findFirst();
            }
        };
        return new AdminServices("katana-test", "default", URI.create("http://127.0.0.1:8233"),
                URI.create("http://198.18.255.1:3000"), 5, directory, credentials, challenges, patches, "main",
                64 * 1024);
    }
}
