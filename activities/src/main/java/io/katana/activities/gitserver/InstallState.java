package io.katana.activities.gitserver;

/** Where the git server stands with its web installer. */
public enum InstallState {
    /** The installer answers: nothing is configured yet. */
    WAITING_FOR_INSTALL,
    /** The API answers: installing again would be refused. */
    INSTALLED
}
