package io.katana.worker;

import java.util.Locale;
import java.util.Optional;

/** The subcommands of {@code java -jar katana.jar}. */
enum Command {
    WORKER("poll Temporal's task queue and run Katana's workflows and activities"),
    API("serve the HTTP API (admin API, /healthz)"),
    DEV("worker and API in one process, against the local test bed"),
    HELP("print this text");

    private final String description;

    Command(String description) {
        this.description = description;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String description() {
        return description;
    }

    boolean runsWorker() {
        return this == WORKER || this == DEV;
    }

    boolean runsApi() {
        return this == API || this == DEV;
    }

    static Optional<Command> parse(String argument) {
        for (Command command : values()) {
            if (command.id().equals(argument)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
