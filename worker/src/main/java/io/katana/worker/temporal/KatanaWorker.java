package io.katana.worker.temporal;

import io.katana.workflows.challenge.BroadcastChallengeWorkflowImpl;
import io.katana.worker.config.KatanaConfig;
import io.katana.workflows.TaskQueues;
import io.katana.workflows.init.InitWorkflowImpl;
import io.katana.workflows.patch.PatchWorkflowImpl;
import io.katana.workflows.patch.ReconcileWorkflowImpl;
import io.katana.workflows.ping.PingWorkflowImpl;
import io.katana.workflows.team.CreateTeamsWorkflowImpl;
import io.katana.workflows.team.ProvisionTeamWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Registers every workflow and activity on the orchestration task queue. */
public final class KatanaWorker {

    /** One list, so that tests and the process register exactly the same workflows. */
    public static final List<Class<?>> WORKFLOW_TYPES = List.of(PingWorkflowImpl.class, InitWorkflowImpl.class,
            CreateTeamsWorkflowImpl.class, ProvisionTeamWorkflowImpl.class, BroadcastChallengeWorkflowImpl.class,
            PatchWorkflowImpl.class, ReconcileWorkflowImpl.class);

    private KatanaWorker() {
    }

    /**
     * The workers of one process: the orchestration queue (workflows and API-only activities)
     * and/or its build queue ({@link TaskQueues#build}), as configured.
     */
    public static WorkerFactory create(WorkflowClient client, String taskQueue, KatanaConfig.Pipeline pipeline,
            List<Object> activities, List<Object> buildActivities) {
        WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
                // Cached workflows hold a thread each; a few hundred runs fit in a small heap, and
                // an evicted one is just replayed on its next task.
                .setWorkflowCacheSize(300)
                .setMaxWorkflowThreadCount(600)
                .setWorkerInterceptors(new ActivityMdc(java.util.stream.Stream.concat(activities.stream(),
                        buildActivities.stream()).toList()))
                .build());
        if (pipeline.orchestration()) {
            register(factory.newWorker(taskQueue, workerOptions(pipeline.maxConcurrentActivities())), activities);
        }
        if (pipeline.build()) {
            factory.newWorker(TaskQueues.build(taskQueue), buildWorkerOptions(pipeline.maxConcurrentBuilds()))
                    .registerActivitiesImplementations(buildActivities.toArray());
        }
        return factory;
    }

    static WorkerOptions workerOptions() {
        return workerOptions(20);
    }

    /** A build worker runs activities only, as many at once as its host has room for. */
    static WorkerOptions buildWorkerOptions(int builds) {
        return WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(builds)
                .setMaxConcurrentWorkflowTaskExecutionSize(2)
                .build();
    }

    /**
     * Caps per process, so that a burst (a broadcast to 100 teams) queues in Temporal instead of
     * opening hundreds of connections to the API server and the git server at once. Scaling out is
     * running more workers. Non-determinism is not turned into a workflow failure: the SDK fails
     * the workflow task at once and the run waits, visible in the UI, for a fixed worker.
     */
    static WorkerOptions workerOptions(int activities) {
        return WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(activities)
                .setMaxConcurrentLocalActivityExecutionSize(20)
                .setMaxConcurrentWorkflowTaskExecutionSize(10)
                .build();
    }

    public static void register(Worker worker, List<Object> activities) {
        worker.registerWorkflowImplementationTypes(WORKFLOW_TYPES.toArray(Class<?>[]::new));
        worker.registerActivitiesImplementations(activities.toArray());
    }

    public static void stop(WorkerFactory factory) {
        factory.shutdown();
        factory.awaitTermination(20, TimeUnit.SECONDS);
    }
}
