package io.katana.worker.temporal;

import io.katana.workflows.WorkflowIds;
import io.katana.workflows.patch.ReconcileWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal schedule that runs {@link ReconcileWorkflow} on an interval, one per task queue
 * ({@code reconcile-<queue>}). Creating it again (every worker start) updates it to this interval.
 */
public final class ReconcileSchedule {

    private static final Logger log = LoggerFactory.getLogger(ReconcileSchedule.class);

    private ReconcileSchedule() {
    }

    public static String id(String taskQueue) {
        return WorkflowIds.reconcile() + "-" + taskQueue;
    }

    public static void ensure(WorkflowClient client, String taskQueue, Duration every) {
        ScheduleClient schedules = ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
                io.temporal.client.schedules.ScheduleClientOptions.newBuilder()
                        .setNamespace(client.getOptions().getNamespace()).build());
        Schedule schedule = Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(ReconcileWorkflow.class)
                        .setOptions(WorkflowOptions.newBuilder()
                                .setWorkflowId(id(taskQueue))
                                .setTaskQueue(taskQueue)
                                .setWorkflowRunTimeout(every.multipliedBy(5))
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder()
                        .setIntervals(List.of(new ScheduleIntervalSpec(every))).build())
                // A pass still running when the next is due: skip the next, never pile up.
                .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .build())
                .build();
        try {
            schedules.createSchedule(id(taskQueue), schedule, ScheduleOptions.newBuilder().build());
            log.info("reconciliation schedule {} created: every {}", id(taskQueue), every);
        } catch (ScheduleAlreadyRunningException exists) {
            schedules.getHandle(id(taskQueue)).update(input -> new ScheduleUpdate(schedule));
            log.info("reconciliation schedule {}: every {}", id(taskQueue), every);
        }
    }
}
