package io.katana.worker.temporal;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.metadata.POJOActivityImplMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Puts {@code team}, {@code challenge} and {@code commit} into the MDC for every line an activity
 * logs, beside the SDK's own {@code WorkflowId} and {@code ActivityType}. They are read from the
 * activity's arguments by parameter name (the build keeps them: {@code -parameters}), from the
 * components of a record argument, or from the workflow id ({@code patch-<team>.<challenge>.<commit>},
 * {@code rollback-…}, {@code team-<team>}, {@code challenge-<name>.<version>}). Only these names
 * are read, so no secret argument can reach a log line this way.
 */
public final class ActivityMdc extends WorkerInterceptorBase {

    static final Set<String> KEYS = Set.of("team", "challenge", "commit");
    private static final Pattern PATCH_ID = Pattern.compile("(?:patch|rollback)-([^.]+)\\.([^.]+)\\.(.+)");
    private static final Pattern TEAM_ID = Pattern.compile("team-([^.]+)");
    private static final Pattern CHALLENGE_ID = Pattern.compile("challenge-([^.]+)\\..+");

    /** Activity type name → names of its parameters. */
    private final Map<String, String[]> parameters = new HashMap<>();

    /** @param implementations every activity implementation this worker registers */
    public ActivityMdc(List<Object> implementations) {
        for (Object implementation : implementations) {
            for (POJOActivityMethodMetadata method : POJOActivityImplMetadata.newInstance(implementation.getClass())
                    .getActivityMethods()) {
                Parameter[] declared = method.getMethod().getParameters();
                String[] names = new String[declared.length];
                for (int i = 0; i < declared.length; i++) {
                    names[i] = declared[i].isNamePresent() ? declared[i].getName() : "";
                }
                parameters.put(method.getActivityTypeName(), names);
            }
        }
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private ActivityExecutionContext context;

            @Override
            public void init(ActivityExecutionContext context) {
                this.context = context;
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                Map<String, String> tags = tags(context.getInfo().getActivityType(),
                        context.getInfo().getWorkflowId(), input.getArguments());
                tags.forEach(MDC::put);
                try {
                    return super.execute(input);
                } finally {
                    tags.keySet().forEach(MDC::remove);
                }
            }
        };
    }

    /** The MDC entries of one activity call. */
    Map<String, String> tags(String activityType, String workflowId, Object[] arguments) {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] names = parameters.getOrDefault(activityType, new String[0]);
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            if (argument instanceof String value && i < names.length && KEYS.contains(names[i])) {
                tags.putIfAbsent(names[i], value);
            } else if (argument instanceof Record record) {
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    if (KEYS.contains(component.getName()) && component.getType() == String.class) {
                        Object value = read(component, record);
                        if (value != null) {
                            tags.putIfAbsent(component.getName(), (String) value);
                        }
                    }
                }
            }
        }
        fromWorkflowId(workflowId, tags);
        tags.values().removeIf(value -> value == null || value.isEmpty());
        return tags;
    }

    private static void fromWorkflowId(String workflowId, Map<String, String> tags) {
        if (workflowId == null) {
            return;
        }
        Matcher patch = PATCH_ID.matcher(workflowId);
        if (patch.matches()) {
            tags.putIfAbsent("team", patch.group(1));
            tags.putIfAbsent("challenge", patch.group(2));
            if (workflowId.startsWith("patch-")) {
                tags.putIfAbsent("commit", patch.group(3));
            }
            return;
        }
        Matcher team = TEAM_ID.matcher(workflowId);
        if (team.matches()) {
            tags.putIfAbsent("team", team.group(1));
            return;
        }
        Matcher challenge = CHALLENGE_ID.matcher(workflowId);
        if (challenge.matches()) {
            tags.putIfAbsent("challenge", challenge.group(1));
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
