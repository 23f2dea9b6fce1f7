package io.nightshift.agent.review;

import io.nightshift.store.Proposal;
import java.util.Optional;

/** Approves every valid proposal; recorded as decided by {@code auto-approve}. */
public final class AutoApprovePolicy implements ReviewPolicy {

    public static final String ACTOR = "auto-approve";

    @Override
    public Optional<Review> review(Proposal proposal) {
        return Optional.of(new Review(true, ACTOR, "approved automatically (no human review configured)"));
    }
}
