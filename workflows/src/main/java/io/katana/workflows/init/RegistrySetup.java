package io.katana.workflows.init;

/** The image registry answers its API ({@code GET /v2/}). */
public record RegistrySetup(String address, boolean ready) {
}
