package io.katana.activities.challenge;

import io.katana.workflows.challenge.ChallengeSpec;
import java.util.List;

/**
 * A checked challenge package: its one top folder, the sha-256 of the archive (its content
 * address and version), the spec from its challenge.yaml and the files it holds.
 *
 * @param files paths relative to the top folder, regular files only
 */
public record ChallengePackage(String topFolder, String sha256, ChallengeSpec spec, List<String> files,
        long expandedBytes) {

    public ChallengePackage {
        files = List.copyOf(files);
    }

    /** The version the broadcast workflow's id carries: the start of the content address. */
    public String version() {
        return sha256.substring(0, 12);
    }
}
