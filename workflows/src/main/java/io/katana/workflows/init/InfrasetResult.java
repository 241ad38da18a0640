package io.katana.workflows.init;

import java.util.List;

/**
 * The admin namespace's services: {@code managed} when Katana applied them from deploy/, false when
 * the configuration says they already exist (then {@code objects} is only the admin namespace).
 *
 * @param objects {@code Kind/name} of every object applied
 */
public record InfrasetResult(String namespace, boolean managed, List<String> objects) {

    public InfrasetResult {
        objects = List.copyOf(objects);
    }
}
