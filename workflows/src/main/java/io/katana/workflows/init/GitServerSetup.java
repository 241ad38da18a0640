package io.katana.workflows.init;

/**
 * The git server, installed by this run ({@code installedNow}) or found installed, with its admin,
 * whose API token is kept in the Kubernetes Secret {@code tokenSecret} for the workers.
 */
public record GitServerSetup(String flavor, String version, boolean installedNow, String admin, String tokenSecret) {
}
