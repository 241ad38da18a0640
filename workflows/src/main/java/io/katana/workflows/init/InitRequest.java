package io.katana.workflows.init;

/**
 * Input of {@link InitWorkflow}. Everything it sets up comes from the worker's configuration, so
 * the request carries nothing: {@code temporal workflow start --type Init --task-queue katana
 * --workflow-id init --input '{}'}.
 */
public record InitRequest() {
}
