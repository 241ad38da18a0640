package io.katana.worker;

import io.katana.worker.config.KatanaConfig;

/** Where everything listens, printed once by {@code dev} for the person at the terminal. */
final class DevBanner {

    private DevBanner() {
    }

    static String text(KatanaConfig config) {
        String api = config.apiUrl();
        return String.join("\n",
                "",
                "Katana is running (worker + API in one process)",
                "  API          " + api + "   health: " + api + "/healthz",
                "  Temporal UI  " + config.temporalUiUrl() + "/namespaces/" + config.temporalNamespace()
                        + "/workflows",
                "  Temporal     " + config.temporalAddress() + ", namespace " + config.temporalNamespace()
                        + ", task queue " + config.taskQueue(),
                "  Git server   " + config.gitUrl() + " (" + config.gitFlavor().id() + ")",
                "  Registry     " + config.registry(),
                "Stop with Ctrl-C.",
                "");
    }
}
