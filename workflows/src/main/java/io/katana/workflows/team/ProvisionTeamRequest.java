package io.katana.workflows.team;

/** Input of {@link ProvisionTeamWorkflow}: {@code --input '{"team":"team-0"}'}. */
public record ProvisionTeamRequest(String team) {

    public ProvisionTeamRequest {
        TeamNames.validate(team);
    }
}
