package io.katana.api.teams;

import io.katana.workflows.team.TeamRecord;
import java.util.List;
import java.util.Optional;

/** The teams as MongoDB holds them; the API reads, workflows write. */
public interface TeamDirectory {

    List<TeamRecord> list();

    Optional<TeamRecord> find(String name);
}
