package io.nightshift.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A set of hyperparameters a planner wants to try, with its reasons.
 *
 * @param params       read-only; numbers come back as Integer, Long or Double (as JSON decodes them),
 *                     whatever numeric type was stored
 * @param rationale    may be null
 * @param hypothesis   may be null
 * @param statusReason why the status was last changed; null while {@link ProposalStatus#PENDING}
 * @param placement    where the proposal sits in its question's study design
 */
public record Proposal(
        long id,
        long questionId,
        Map<String, Object> params,
        String planner,
        String rationale,
        String hypothesis,
        ProposalStatus status,
        String statusReason,
        Instant createdAt,
        Placement placement) {

    public Proposal {
        placement = placement == null ? Placement.NONE : placement;
        params = Json.readOnly(Objects.requireNonNull(params, "params"));
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
