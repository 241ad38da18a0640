package io.katana.worker;

import io.javalin.Javalin;
import io.katana.api.ApiContext;
import io.katana.api.ApiServer;
import io.katana.worker.api.ApiBackends;
import io.katana.worker.config.KatanaConfig;
import io.katana.worker.health.HealthChecks;
import io.katana.worker.temporal.KatanaWorker;
import io.katana.worker.temporal.ReconcileSchedule;
import io.katana.workflows.TaskQueues;
import io.katana.worker.temporal.TemporalConnection;
import io.katana.worker.temporal.WorkerActivities;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.WorkerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires and starts the parts of one command; on failure stops what already runs. */
final class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {
    }

    static Running start(Command command, KatanaConfig config) {
        Running running = new Running();
        try {
            PrometheusMeterRegistry meters = ProcessMetrics.registry(command.id());
            running.onStop("metrics", meters::close);
            TemporalConnection temporal = TemporalConnection.open(config, command.runsWorker(), meters);
            running.onStop("Temporal connection", temporal::close);
            if (command.runsWorker()) {
                WorkerActivities activities = WorkerActivities.create(config, temporal.client(), meters);
                running.onStop("activity clients", activities::close);
                KatanaConfig.Pipeline pipeline = config.pipeline();
                WorkerFactory factory = KatanaWorker.create(temporal.client(), config.taskQueue(), pipeline,
                        activities.implementations(), activities.buildImplementations());
                factory.start();
                running.onStop("worker", () -> KatanaWorker.stop(factory));
                log.info("worker polls {} on {} (namespace {})",
                        (pipeline.orchestration() ? "task queue " + config.taskQueue() : "")
                                + (pipeline.orchestration() && pipeline.build() ? " and " : "")
                                + (pipeline.build() ? "build queue " + TaskQueues.build(config.taskQueue()) : ""),
                        config.temporalAddress(), config.temporalNamespace());
                if (pipeline.orchestration() && !pipeline.reconcileEvery().isZero()) {
                    ReconcileSchedule.ensure(temporal.client(), config.taskQueue(), pipeline.reconcileEvery());
                }
                if (!command.runsApi() && pipeline.metricsPort() != 0) {
                    Javalin http = WorkerHttp.start(pipeline.metricsHost(), pipeline.metricsPort(),
                            HealthChecks.temporal(config, temporal.stubs()), factory, meters, HealthChecks.DEADLINE);
                    running.onStop("worker HTTP", http::stop);
                    log.info("worker serves /healthz and /metrics on http://{}:{}", pipeline.metricsHost(),
                            http.port());
                }
            }
            if (command.runsApi()) {
                HealthChecks health = HealthChecks.create(config, temporal.stubs());
                running.onStop("health check clients", health::close);
                ApiBackends backends = ApiBackends.create(config);
                running.onStop("API clients", backends::close);
                Javalin app = ApiServer.create(new ApiContext(config.apiHost(), config.apiPort(),
                        config.adminToken(), health.checks(), HealthChecks.DEADLINE, temporal.client(),
                        backends.services(), meters));
                app.start();
                running.onStop("API", app::stop);
                log.info("API listens on {}", config.apiUrl());
            }
            return running;
        } catch (RuntimeException | Error e) {
            running.close();
            throw e;
        }
    }
}
