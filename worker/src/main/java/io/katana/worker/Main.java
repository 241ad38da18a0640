package io.katana.worker;

import io.katana.activities.kube.KubeClients;
import io.katana.worker.config.ConfigException;
import io.katana.worker.config.KatanaConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar katana.jar worker|api|dev|help}. Usage and the dev banner go to the terminal on
 * purpose; everything else is logged.
 */
public final class Main {

    static final int OK = 0;
    static final int START_FAILED = 1;
    static final int USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new Main(System.getenv(), System.out, System.err).run(args);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Returns once the process should exit: at once for help and errors, after SIGTERM otherwise. */
    int run(String[] args) {
        Optional<Command> parsed = args.length == 1 ? Command.parse(args[0]) : Optional.empty();
        if (parsed.isEmpty()) {
            err.print(usage());
            return USAGE;
        }
        Command command = parsed.get();
        if (command == Command.HELP) {
            out.print(usage());
            return OK;
        }
        KatanaConfig config;
        try {
            config = KatanaConfig.from(environment);
        } catch (ConfigException e) {
            err.println("katana " + command.id() + ": " + e.getMessage());
            err.println("(the README lists every variable; the test bed's env file sets them all)");
            return USAGE;
        }
        if (command.runsWorker() && config.kubeconfig().isEmpty() && !KubeClients.inPod(environment)) {
            // Checked here, before anything starts: the worker cannot do its job without a cluster.
            err.println("katana " + command.id() + ": KATANA_KUBECONFIG is not set and this process is not in a"
                    + " Kubernetes pod with a ServiceAccount token: set KATANA_KUBECONFIG to a kubeconfig file"
                    + " (only the api command runs without Kubernetes access)");
            return USAGE;
        }
        Running running;
        try {
            running = Launcher.start(command, config);
        } catch (RuntimeException e) {
            log.error("katana {} could not start", command.id(), e);
            return START_FAILED;
        }
        if (command == Command.DEV) {
            out.print(DevBanner.text(config));
            out.flush();
        }
        awaitShutdown(running);
        return OK;
    }

    private static void awaitShutdown(Running running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            running.close();
            stopped.countDown();
        }, "katana-shutdown"));
        boolean interrupted = false;
        while (stopped.getCount() > 0) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static String usage() {
        StringBuilder text = new StringBuilder("Usage: java -jar katana.jar <command>\n\nCommands:\n");
        for (Command command : Command.values()) {
            text.append(String.format("  %-7s %s%n", command.id(), command.description()));
        }
        return text.append("\nConfiguration comes from KATANA_* environment variables (see README.md).\n")
                .toString();
    }
}
