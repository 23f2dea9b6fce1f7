package io.nightshift.agent.review;

import io.nightshift.store.Proposal;
import java.util.function.Supplier;

/** {@code auto}: approves every valid proposal at once; recorded as decided by {@code auto-approve}. */
public final class AutoApprovePolicy implements ReviewPolicy {

    public static final String ACTOR = "auto-approve";

    @Override
    public String text() {
        return ReviewPolicies.AUTO;
    }

    @Override
    public Outcome review(Proposal proposal, Supplier<ProposalEstimate> estimate) {
        return Outcome.decided(new Review(true, ACTOR, "approved automatically (review policy auto)"));
    }
}
