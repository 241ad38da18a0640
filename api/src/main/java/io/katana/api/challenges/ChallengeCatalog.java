package io.katana.api.challenges;

import io.katana.workflows.challenge.BroadcastRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Uploaded challenges: checked and stored by content, and where each team's copy stands. */
public interface ChallengeCatalog {

    /** The largest archive accepted, in bytes. */
    long maxArchiveBytes();

    /**
     * Checks the archive (layout, links, size, challenge.yaml) and stores it by its content; the
     * broadcast it asks for.
     *
     * @throws Refused with the reason, before anything is stored
     */
    BroadcastRequest accept(byte[] archive);

    /** Every challenge with its teams' copies. */
    List<Map<String, Object>> list();

    Optional<Map<String, Object>> find(String name);

    /** An upload Katana will not take, and why. */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason);
        }
    }
}
