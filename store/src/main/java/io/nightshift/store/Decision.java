package io.nightshift.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Who approved or rejected a proposal, when and why; kept as an audit trail next to the proposal's status.
 *
 * @param reason may be null
 */
public record Decision(long id, long proposalId, String actor, Verdict verdict, String reason, Instant decidedAt) {

    public Decision {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
