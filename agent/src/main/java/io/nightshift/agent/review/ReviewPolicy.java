package io.nightshift.agent.review;

import io.nightshift.store.Proposal;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides proposals before anything runs, per question ({@code question.review_policy}, read by
 * {@link ReviewPolicies}): {@code auto} approves at once, {@code manual} leaves every proposal PENDING for a
 * person, {@code auto-with-limits:...} approves what is within its limits and leaves the rest for a person,
 * saying why. A person decides with {@code nightshift review} ({@link ReviewDesk}).
 */
public interface ReviewPolicy {

    /** The policy as it is written in {@code question.review_policy} and on the command line ({@code --review}). */
    String text();

    /**
     * The decision, or why the proposal waits for a person.
     *
     * @param estimate its size, time and memory; computed only if the policy asks for it
     */
    Outcome review(Proposal proposal, Supplier<ProposalEstimate> estimate);

    /** A decision: approve or reject, by whom (a policy's name or a person), and why. */
    record Review(boolean approved, String actor, String reason) {
        public Review {
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** Either a decision, or the reason the proposal waits for a person. */
    record Outcome(Review decision, String waitingBecause) {

        public Outcome {
            if ((decision == null) == (waitingBecause == null)) {
                throw new IllegalArgumentException("an outcome is a decision or a reason to wait, not both or neither");
            }
        }

        public static Outcome decided(Review review) {
            return new Outcome(Objects.requireNonNull(review, "review"), null);
        }

        public static Outcome waits(String because) {
            return new Outcome(null, Objects.requireNonNull(because, "because"));
        }

        public boolean isDecided() {
            return decision != null;
        }
    }
}
