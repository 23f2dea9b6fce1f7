package io.nightshift.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a proposal. Timestamps, worker, objective and error stay null until the trial reaches the
 * state that sets them.
 *
 * @param params         the proposal's params (joined in so that readers need not look the proposal up)
 * @param worker         the worker that won {@link TrialRepository#markRunning}
 * @param objectiveValue set when {@link TrialStatus#COMPLETED}
 * @param result         final metrics, set when {@link TrialStatus#COMPLETED}; empty otherwise, never null
 * @param error          why the trial failed, was interrupted or cancelled
 * @param endCause       whose fault it was that a FAILED or INTERRUPTED trial ended; null otherwise (and for
 *                       trials recorded before causes were)
 */
public record Trial(
        long id,
        long questionId,
        long proposalId,
        int attempt,
        long seed,
        TrialStatus status,
        String worker,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant heartbeatAt,
        Double objectiveValue,
        Map<String, Double> result,
        String error,
        Map<String, Object> params,
        EndCause endCause) {

    public Trial {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        result = Json.readOnly(result == null ? Map.of() : result);
        params = Json.readOnly(Objects.requireNonNull(params, "params"));
    }
}
