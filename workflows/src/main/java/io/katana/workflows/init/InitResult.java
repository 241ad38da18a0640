package io.katana.workflows.init;

/** Everything {@link InitWorkflow} set up or found in place; also what MongoDB records as the platform. */
public record InitResult(
        InfrasetResult infraset,
        MongoSetup mongo,
        GitDatabaseSetup gitDatabase,
        GitServerSetup gitServer,
        RegistrySetup registry) {
}
