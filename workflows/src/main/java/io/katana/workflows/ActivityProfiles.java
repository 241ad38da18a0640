package io.katana.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Named activity option profiles. Every activity is idempotent, so retrying is always safe; the
 * profiles only differ in how long one attempt may take and how long Katana keeps trying.
 */
public final class ActivityProfiles {

    /**
     * One quick request to a service that normally answers in milliseconds (a ping, a git server
     * API call, a database upsert). An attempt taking 10 s means a hung connection, so cut it and
     * retry; after 2 minutes of failures the service is down and the workflow should say so rather
     * than wait forever.
     */
    public static final ActivityOptions SHORT_CALL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(backoff(Duration.ofSeconds(1), Duration.ofSeconds(15)))
            .build();

    /**
     * A Kubernetes apply or delete: the API server answers fast, but admission webhooks and a busy
     * etcd can stretch one call to tens of seconds. Keep retrying for 10 minutes, which covers an
     * API server restart.
     */
    public static final ActivityOptions KUBE_APPLY = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(45))
            .setScheduleToCloseTimeout(Duration.ofMinutes(10))
            .setRetryOptions(backoff(Duration.ofSeconds(2), Duration.ofSeconds(30)))
            .build();

    /**
     * A wait for something to become ready (a rollout, a pod, an installer). It polls and
     * heartbeats, so a dead worker is noticed after 30 s instead of at the end of the wait.
     */
    public static final ActivityOptions READINESS_WAIT = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(backoff(Duration.ofSeconds(5), Duration.ofMinutes(1)).toBuilder()
                    .setMaximumAttempts(3)
                    .build())
            .build();

    /**
     * The git server's web installer: one POST that creates every table (Gitea answers after ~5 s,
     * more on a loaded machine), then a wait until the installed site answers. Three minutes per
     * attempt; an installer that is not up yet (the infraset just started it) is retried for 15.
     */
    public static final ActivityOptions INSTALLER = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(3))
            .setScheduleToCloseTimeout(Duration.ofMinutes(15))
            .setRetryOptions(backoff(Duration.ofSeconds(2), Duration.ofSeconds(30)))
            .build();

    /**
     * An image build: minutes of CPU on a loaded build host, heartbeating so that a dead build
     * worker (or a cancelled build) is noticed within 30 s. A build that fails for its Dockerfile
     * fails for good (the activity says so); one that lost its worker is tried twice more.
     */
    public static final ActivityOptions BUILD = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(15))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(backoff(Duration.ofSeconds(5), Duration.ofMinutes(1)).toBuilder()
                    .setMaximumAttempts(3)
                    .build())
            .build();

    /**
     * A patch's build and push: like {@link #BUILD}, but heartbeating every few seconds, because the
     * heartbeat is how a build learns that a newer push superseded it (Temporal answers a heartbeat
     * with the cancellation), and a superseded build should stop in seconds, not half a minute.
     */
    public static final ActivityOptions PATCH_BUILD = BUILD.toBuilder()
            .setHeartbeatTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * A patch's git fetch and check on the build host: seconds of network and disk, so an attempt
     * that takes 30 s lost its host and is tried again (on any build host); retried for five
     * minutes (the git server restarting); a refusal fails for good.
     */
    public static final ActivityOptions PATCH_SOURCE = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofMinutes(5))
            .setRetryOptions(backoff(Duration.ofMillis(500), Duration.ofSeconds(15)))
            .build();

    /**
     * The wait for a rollout, which ends at its own deadline (the activity returns why it did not
     * become ready rather than failing), heartbeating so a dead worker is noticed in 10 s and the
     * wait resumed on another.
     */
    public static final ActivityOptions ROLLOUT_WAIT = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(15))
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            .setRetryOptions(backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).toBuilder()
                    .setMaximumAttempts(5)
                    .build())
            .build();

    /**
     * A patch's quick record or Kubernetes update: like {@link #SHORT_CALL}, but retrying sooner,
     * since these calls stand between a push and its rollout.
     */
    public static final ActivityOptions PATCH_CALL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(20))
            .setScheduleToCloseTimeout(Duration.ofMinutes(5))
            .setRetryOptions(backoff(Duration.ofMillis(200), Duration.ofSeconds(10)))
            .build();

    private ActivityProfiles() {
    }

    private static RetryOptions backoff(Duration initial, Duration max) {
        return RetryOptions.newBuilder()
                .setInitialInterval(initial)
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(max)
                .build();
    }
}
