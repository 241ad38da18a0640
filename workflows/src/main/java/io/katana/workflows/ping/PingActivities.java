package io.katana.workflows.ping;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface(namePrefix = "Ping_")
public interface PingActivities {

    /** Answers with the message and the host name of the worker that ran it. */
    @ActivityMethod
    PingReply echo(String message);
}
