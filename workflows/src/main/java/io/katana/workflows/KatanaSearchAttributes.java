package io.katana.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Custom search attributes of Katana's workflows. The server must know them before a workflow
 * upserts one (the test bed registers exactly these names, all of type Keyword). Named so as not
 * to clash with {@link io.temporal.common.SearchAttributes} in code that uses both.
 */
public final class KatanaSearchAttributes {

    public static final SearchAttributeKey<String> TEAM = SearchAttributeKey.forKeyword("KatanaTeam");
    public static final SearchAttributeKey<String> CHALLENGE =
            SearchAttributeKey.forKeyword("KatanaChallenge");
    public static final SearchAttributeKey<String> COMMIT = SearchAttributeKey.forKeyword("KatanaCommit");
    /** What a workflow is about, one of {@link WorkflowKind}: the first filter in the UI. */
    public static final SearchAttributeKey<String> KIND = SearchAttributeKey.forKeyword("KatanaKind");

    public static final List<SearchAttributeKey<String>> ALL = List.of(TEAM, CHALLENGE, COMMIT, KIND);

    private KatanaSearchAttributes() {
    }
}
