package io.katana.activities.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;

/** Reading a pod's status: ready, or stuck for a reason that will not heal by itself. */
public final class PodStates {

    /** Waiting reasons that mean the image or the spec is wrong. */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff");

    private PodStates() {
    }

    public static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why the pod's container waits, when it is a reason that does not heal by itself; else null. */
    public static String stuckReason(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            var waiting = status.getState() == null ? null : status.getState().getWaiting();
            if (waiting != null && STUCK.contains(waiting.getReason())) {
                return waiting.getReason() + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")");
            }
        }
        return null;
    }
}
