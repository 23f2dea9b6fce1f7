package io.nightshift.agent.review;

import io.nightshift.store.Proposal;
import java.util.Optional;

/**
 * Decides proposals before anything runs. The auto-approve policy decides at once; a human
 * review policy returns empty and leaves the proposal pending until a person decides.
 */
public interface ReviewPolicy {

    /** The decision, or empty when it must wait for a person. */
    Optional<Review> review(Proposal proposal);

    record Review(boolean approved, String actor, String reason) {}
}
