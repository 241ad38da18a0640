package io.katana.workflows.team;

import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.WorkflowIds;
import io.katana.workflows.WorkflowKind;
import io.katana.workflows.common.Failures;
import io.katana.workflows.common.Progress;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

public class CreateTeamsWorkflowImpl implements CreateTeamsWorkflow {

    private static final Logger log = Workflow.getLogger(CreateTeamsWorkflowImpl.class);

    private int total;
    private int done;
    private int failed;

    @Override
    public CreateTeamsResult create(CreateTeamsRequest request) {
        Workflow.upsertTypedSearchAttributes(KatanaSearchAttributes.KIND.valueSet(WorkflowKind.TEAMS.keyword()));
        List<String> teams = request.teams();
        total = teams.size();
        int concurrency = request.effectiveConcurrency();

        Deque<String> waiting = new ArrayDeque<>(teams);
        Map<String, Promise<TeamResult>> running = new LinkedHashMap<>();
        Map<String, TeamResult> ready = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        while (!waiting.isEmpty() || !running.isEmpty()) {
            while (running.size() < concurrency && !waiting.isEmpty()) {
                String team = waiting.poll();
                running.put(team, Async.function(child(team)::provision, new ProvisionTeamRequest(team)));
            }
            awaitAny(running.values());
            var finished = running.entrySet().iterator();
            while (finished.hasNext()) {
                var entry = finished.next();
                if (!entry.getValue().isCompleted()) {
                    continue;
                }
                finished.remove();
                done++;
                RuntimeException failure = entry.getValue().getFailure();
                if (failure == null) {
                    ready.put(entry.getKey(), entry.getValue().get());
                } else {
                    failed++;
                    failures.put(entry.getKey(), Failures.reason(failure));
                }
            }
        }
        log.info("teams: {} ready, {} failed", ready.size(), failures.size());
        List<TeamResult> readyInOrder = new ArrayList<>();
        List<TeamFailure> failedInOrder = new ArrayList<>();
        for (String team : teams) {
            if (ready.containsKey(team)) {
                readyInOrder.add(ready.get(team));
            } else {
                failedInOrder.add(new TeamFailure(team, failures.get(team)));
            }
        }
        return new CreateTeamsResult(readyInOrder, failedInOrder);
    }

    @Override
    public Progress progress() {
        return new Progress(done, total, failed);
    }

    private static void awaitAny(Iterable<Promise<TeamResult>> promises) {
        List<Promise<TeamResult>> list = new ArrayList<>();
        promises.forEach(list::add);
        try {
            Promise.anyOf(list).get();
        } catch (RuntimeException failure) {
            // The failure is read from its promise below, with the team it belongs to.
        }
    }

    private static ProvisionTeamWorkflow child(String team) {
        return Workflow.newChildWorkflowStub(ProvisionTeamWorkflow.class, ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.team(team))
                // A team provisioned before is provisioned again: every step is idempotent.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    }
}
