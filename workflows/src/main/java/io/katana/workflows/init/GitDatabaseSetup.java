package io.katana.workflows.init;

/**
 * The git server's MySQL database and the user granted on it alone. Its password lives in the
 * Kubernetes Secret named here, never in a history.
 */
public record GitDatabaseSetup(String database, String user, String passwordSecret, boolean passwordCreated) {
}
