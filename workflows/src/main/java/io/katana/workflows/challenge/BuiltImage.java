package io.katana.workflows.challenge;

/** An image in the registry: {@code digestReference} is {@code repo@sha256:...}, what Katana deploys. */
public record BuiltImage(String digestReference, String tag) {
}
