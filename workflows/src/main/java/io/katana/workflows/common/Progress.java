package io.katana.workflows.common;

/** How far a fan-out job is: {@code done} of {@code total} items finished, {@code failed} of them failed. */
public record Progress(int done, int total, int failed) {

    public Progress {
        if (total < 0 || done < 0 || failed < 0 || done > total || failed > done) {
            throw new IllegalArgumentException("progress must have 0 <= failed <= done <= total, was "
                    + failed + "/" + done + "/" + total);
        }
    }
}
