package io.katana.activities.challenge;

/** A challenge package Katana refuses, with the reason an organiser can act on. */
public class ChallengePackageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChallengePackageException(String reason) {
        super(reason);
    }
}
