package io.katana.workflows.init;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The steps of {@link InitWorkflow}; each idempotent, each configured by the worker's settings. */
@ActivityInterface(namePrefix = "Init_")
public interface InitActivities {

    /** The admin namespace, and (when Katana manages them) MySQL, MongoDB, the git server and the registry. */
    @ActivityMethod
    InfrasetResult applyInfraset();

    /** Waits, heartbeating, until every infraset workload is ready (at once when none is managed). */
    @ActivityMethod
    void awaitInfraset();

    /** Katana's admin account (password hashed) and the indexes, in MongoDB. */
    @ActivityMethod
    MongoSetup setUpMongo();

    /** The git server's database and user in MySQL, with a generated password kept in a Secret. */
    @ActivityMethod
    GitDatabaseSetup setUpGitDatabase();

    /** Installs the git server through its web installer unless installed, then keeps an admin token. */
    @ActivityMethod
    GitServerSetup setUpGitServer();

    /** The registry answers. */
    @ActivityMethod
    RegistrySetup checkRegistry();

    /** The platform as initialised, with what was created. */
    @ActivityMethod
    void recordPlatform(InitResult result);
}
