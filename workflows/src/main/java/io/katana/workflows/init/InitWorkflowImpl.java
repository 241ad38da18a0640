package io.katana.workflows.init;

import io.katana.workflows.ActivityProfiles;
import io.katana.workflows.KatanaSearchAttributes;
import io.katana.workflows.WorkflowKind;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * The order is the point: the git server's database exists before its installer runs, and the
 * installer runs before anything asks for its admin token, so nobody repeats a step by hand.
 */
public class InitWorkflowImpl implements InitWorkflow {

    private static final Logger log = Workflow.getLogger(InitWorkflowImpl.class);

    private final InitActivities calls = Workflow.newActivityStub(InitActivities.class, ActivityProfiles.SHORT_CALL);
    private final InitActivities kube = Workflow.newActivityStub(InitActivities.class, ActivityProfiles.KUBE_APPLY);
    private final InitActivities readiness =
            Workflow.newActivityStub(InitActivities.class, ActivityProfiles.READINESS_WAIT);
    private final InitActivities installer =
            Workflow.newActivityStub(InitActivities.class, ActivityProfiles.INSTALLER);

    private String step = "starting";

    @Override
    public InitResult init(InitRequest request) {
        Workflow.upsertTypedSearchAttributes(KatanaSearchAttributes.KIND.valueSet(WorkflowKind.INIT.keyword()));
        step = "infraset";
        InfrasetResult infraset = kube.applyInfraset();
        readiness.awaitInfraset();
        step = "databases";
        MongoSetup mongo = calls.setUpMongo();
        GitDatabaseSetup gitDatabase = kube.setUpGitDatabase();
        step = "git server";
        GitServerSetup gitServer = installer.setUpGitServer();
        step = "registry";
        RegistrySetup registry = calls.checkRegistry();
        step = "record";
        InitResult result = new InitResult(infraset, mongo, gitDatabase, gitServer, registry);
        calls.recordPlatform(result);
        step = "done";
        log.info("platform initialised: git server {} {} ({})", gitServer.flavor(), gitServer.version(),
                gitServer.installedNow() ? "installed now" : "already installed");
        return result;
    }

    @Override
    public String step() {
        return step;
    }
}
