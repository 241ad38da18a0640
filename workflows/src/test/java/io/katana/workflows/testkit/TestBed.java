package io.katana.workflows.testkit;

import java.util.Map;

/**
 * Access to the local test bed for integration tests (*IT). A missing variable fails the test
 * with instructions instead of skipping it: a green run must mean the servers were really there.
 */
public final class TestBed {

    static final String HOW_TO_START =
            "start the test bed (deploy/testbed/testbed.sh up) and source its env file";

    private TestBed() {
    }

    /** The value of a variable the test bed's env file sets, e.g. {@code KATANA_MONGODB_URI}. */
    public static String env(String name) {
        return env(System.getenv(), name);
    }

    static String env(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: " + HOW_TO_START);
        }
        return value;
    }
}
