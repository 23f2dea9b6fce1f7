package io.nightshift.agent.review;

import io.nightshift.store.Proposal;
import java.util.function.Supplier;

/** {@code manual}: every proposal waits for a person. */
public final class ManualPolicy implements ReviewPolicy {

    @Override
    public String text() {
        return ReviewPolicies.MANUAL;
    }

    @Override
    public Outcome review(Proposal proposal, Supplier<ProposalEstimate> estimate) {
        return Outcome.waits("review policy manual: every proposal of this question waits for a person");
    }
}
