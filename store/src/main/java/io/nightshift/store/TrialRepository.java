package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Trials and their lifecycle. Every transition is a single conditional UPDATE on the current status, so that
 * two processes racing on the same trial cannot both win: the methods return whether this caller's change
 * took effect.
 */
public final class TrialRepository {

    private static final String SELECT = """
            SELECT t.*, p.params AS proposal_params
            FROM trial t JOIN proposal p ON p.id = t.proposal_id
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    TrialRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * A new {@link TrialStatus#QUEUED} trial. A retry of a proposal is a new trial with the next attempt number;
     * a proposal cannot have two trials with the same attempt.
     */
    public Trial create(long questionId, long proposalId, int attempt, long seed) {
        return jdbi.withHandle(h -> {
            long id = h.createUpdate("""
                            INSERT INTO trial (question_id, proposal_id, attempt, seed, status, created_at)
                            VALUES (:questionId, :proposalId, :attempt, :seed, :status, :createdAt)""")
                    .bind("questionId", questionId)
                    .bind("proposalId", proposalId)
                    .bind("attempt", attempt)
                    .bind("seed", seed)
                    .bind("status", TrialStatus.QUEUED.name())
                    .bind("createdAt", Timestamps.bind(clock.instant()))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return h.createQuery(SELECT + "WHERE t.id = :id").bind("id", id).map(TrialRepository::map).one();
        });
    }

    public Optional<Trial> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE t.id = :id")
                .bind("id", id)
                .map(TrialRepository::map)
                .findOne());
    }

    /** Oldest first. */
    public List<Trial> forQuestion(long questionId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE t.question_id = :questionId ORDER BY t.id")
                .bind("questionId", questionId)
                .map(TrialRepository::map)
                .list());
    }

    /** The question's trials in the window, oldest first: what an incremental reader needs to catch up. */
    public List<Trial> forQuestion(long questionId, IdWindow window) {
        return jdbi.withHandle(h -> window.bind(h.createQuery(
                        window.sql(SELECT + "WHERE t.question_id = :questionId", "t.id", "id")))
                .bind("questionId", questionId)
                .map(TrialRepository::map)
                .list());
    }

    /** Oldest first, only trials in one of the given statuses. */
    public List<Trial> forQuestion(long questionId, Set<TrialStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery(SELECT
                        + "WHERE t.question_id = :questionId AND t.status IN (<statuses>) ORDER BY t.id")
                .bind("questionId", questionId)
                .bindList("statuses", statuses.stream().map(Enum::name).toList())
                .map(TrialRepository::map)
                .list());
    }

    /**
     * QUEUED to RUNNING, claimed by {@code worker}. The guard that stops a trial running twice: of several
     * callers, exactly one gets true.
     */
    public boolean markRunning(long id, String worker, Instant at) {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(at, "at");
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE trial SET status = :running, worker = :worker, started_at = :at, heartbeat_at = :at
                        WHERE id = :id AND status = :queued""")
                .bind("running", TrialStatus.RUNNING.name())
                .bind("worker", worker)
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .bind("queued", TrialStatus.QUEUED.name())
                .execute()) == 1;
    }

    /** Records that the trial's worker is alive; false if the trial is no longer RUNNING (stop working on it). */
    public boolean heartbeat(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE trial SET heartbeat_at = :at WHERE id = :id AND status = :running")
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .bind("running", TrialStatus.RUNNING.name())
                .execute()) == 1;
    }

    /** RUNNING to COMPLETED with the objective and the final metrics; false if the trial was not RUNNING. */
    public boolean complete(long id, double objectiveValue, Map<String, Double> result, Instant at) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(at, "at");
        String json = Json.write(result);
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE trial SET status = :completed, objective_value = :objective, result = :result,
                                         finished_at = :at
                        WHERE id = :id AND status = :running""")
                .bind("completed", TrialStatus.COMPLETED.name())
                .bind("objective", objectiveValue)
                .bind("result", json)
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .bind("running", TrialStatus.RUNNING.name())
                .execute()) == 1;
    }

    /** RUNNING to FAILED because the plugin failed; false if the trial was not RUNNING. */
    public boolean fail(long id, String error, Instant at) {
        return fail(id, EndCause.PLUGIN_ERROR, error, at);
    }

    /** RUNNING to FAILED (the trial itself, or its worker, went wrong); false if the trial was not RUNNING. */
    public boolean fail(long id, EndCause cause, String error, Instant at) {
        return finishRunning(id, TrialStatus.FAILED, cause, error, at);
    }

    /** RUNNING to INTERRUPTED because nightshift stopped; false if the trial was not RUNNING. */
    public boolean interrupt(long id, String reason, Instant at) {
        return interrupt(id, EndCause.CONTROLLER_STOPPED, reason, at);
    }

    /** RUNNING to INTERRUPTED (it runs again); false if the trial was not RUNNING. */
    public boolean interrupt(long id, EndCause cause, String reason, Instant at) {
        return finishRunning(id, TrialStatus.INTERRUPTED, cause, reason, at);
    }

    /** RUNNING to PRUNED, saying by which rule and at which step; false if the trial was not RUNNING. */
    public boolean prune(long id, String reason, Map<String, Double> lastMetrics, Instant at) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE trial SET status = :pruned, error = :reason, result = :result, finished_at = :at
                        WHERE id = :id AND status = :running""")
                .bind("pruned", TrialStatus.PRUNED.name())
                .bind("reason", reason)
                .bind("result", Json.write(lastMetrics == null ? Map.of() : lastMetrics))
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .bind("running", TrialStatus.RUNNING.name())
                .execute()) == 1;
    }

    /** QUEUED or RUNNING to CANCELLED (a person or a budget stopped it); false if the trial had already ended. */
    /**
     * Cancels a trial that has not started; false if it has (another controller may have started it a moment ago,
     * and a trial that runs is stopped through its worker, not here).
     */
    public boolean cancelQueued(long id, String reason, Instant at) {
        Objects.requireNonNull(at, "at");
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE trial SET status = :cancelled, error = :reason, finished_at = :at
                        WHERE id = :id AND status = :queued""")
                .bind("cancelled", TrialStatus.CANCELLED.name())
                .bind("reason", reason)
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .bind("queued", TrialStatus.QUEUED.name())
                .execute()) == 1;
    }

    public boolean cancel(long id, String reason, Instant at) {
        Objects.requireNonNull(at, "at");
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE trial SET status = :cancelled, error = :reason, finished_at = :at
                        WHERE id = :id AND status IN (:queued, :running)""")
                .bind("cancelled", TrialStatus.CANCELLED.name())
                .bind("reason", reason)
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .bind("queued", TrialStatus.QUEUED.name())
                .bind("running", TrialStatus.RUNNING.name())
                .execute()) == 1;
    }

    /** How many of the question's trials are in each status; every status is present, zero if none. */
    public Map<TrialStatus, Integer> countByStatus(long questionId) {
        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        for (TrialStatus status : TrialStatus.values()) {
            counts.put(status, 0);
        }
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT status, COUNT(*) AS n FROM trial WHERE question_id = :questionId GROUP BY status")
                .bind("questionId", questionId)
                .map((rs, ctx) -> Map.entry(TrialStatus.valueOf(rs.getString("status")), rs.getInt("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** RUNNING trials, of any question, whose last heartbeat is older than the given instant. Oldest first. */
    public List<Trial> staleRunning(Instant heartbeatBefore) {
        Objects.requireNonNull(heartbeatBefore, "heartbeatBefore");
        return jdbi.withHandle(h -> h.createQuery(SELECT
                        + "WHERE t.status = :running AND t.heartbeat_at < :before ORDER BY t.heartbeat_at, t.id")
                .bind("running", TrialStatus.RUNNING.name())
                .bind("before", Timestamps.bind(heartbeatBefore))
                .map(TrialRepository::map)
                .list());
    }

    private boolean finishRunning(long id, TrialStatus to, EndCause cause, String error, Instant at) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE trial SET status = :to, end_cause = :cause, error = :error, finished_at = :at
                        WHERE id = :id AND status = :running""")
                .bind("to", to.name())
                .bind("cause", cause.name())
                .bind("error", error)
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .bind("running", TrialStatus.RUNNING.name())
                .execute()) == 1;
    }

    private static Trial map(ResultSet rs, StatementContext ctx) throws SQLException {
        double objectiveValue = rs.getDouble("objective_value");
        Double objective = rs.wasNull() ? null : objectiveValue;
        return new Trial(
                rs.getLong("id"),
                rs.getLong("question_id"),
                rs.getLong("proposal_id"),
                rs.getInt("attempt"),
                rs.getLong("seed"),
                TrialStatus.valueOf(rs.getString("status")),
                rs.getString("worker"),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "started_at"),
                Timestamps.read(rs, "finished_at"),
                Timestamps.read(rs, "heartbeat_at"),
                objective,
                Json.readResult(rs.getString("result")),
                rs.getString("error"),
                Json.readParams(rs.getString("proposal_params")),
                endCause(rs.getString("end_cause")));
    }

    private static EndCause endCause(String name) {
        return name == null ? null : EndCause.valueOf(name);
    }
}
