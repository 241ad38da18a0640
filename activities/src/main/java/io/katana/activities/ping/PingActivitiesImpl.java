package io.katana.activities.ping;

import io.katana.workflows.ping.PingActivities;
import io.katana.workflows.ping.PingReply;
import java.net.InetAddress;
import java.net.UnknownHostException;

public class PingActivitiesImpl implements PingActivities {

    private final String host;

    public PingActivitiesImpl() {
        this(localHostName());
    }

    PingActivitiesImpl(String host) {
        this.host = host;
    }

    @Override
    public PingReply echo(String message) {
        return new PingReply(message, host);
    }

    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A container without a resolvable own name still knows it from the environment.
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv == null || fromEnv.isBlank() ? "unknown-host" : fromEnv;
        }
    }
}
