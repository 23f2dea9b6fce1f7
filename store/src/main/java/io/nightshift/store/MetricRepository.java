package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Metrics streamed by running trials (loss, accuracy, ... per step or epoch). */
public final class MetricRepository {

    private final Jdbi jdbi;

    MetricRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void add(long trialId, String name, int epoch, long step, double value, Instant at) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(at, "at");
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO metric (trial_id, name, epoch, step, metric_value, recorded_at)
                        VALUES (:trialId, :name, :epoch, :step, :value, :at)""")
                .bind("trialId", trialId)
                .bind("name", name)
                .bind("epoch", epoch)
                .bind("step", step)
                .bind("value", value)
                .bind("at", Timestamps.bind(at))
                .execute());
    }

    /** All points of the trial, by step, then in the order they were recorded. */
    public List<MetricPoint> forTrial(long trialId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM metric WHERE trial_id = :trialId ORDER BY step, id")
                .bind("trialId", trialId)
                .map(MetricRepository::map)
                .list());
    }

    /**
     * One metric of the question's trials in the window (trial ids), by trial, then step: learning
     * curves for many trials in one query.
     */
    public List<MetricPoint> forQuestion(long questionId, String name, IdWindow trials) {
        return jdbi.withHandle(h -> trials.bind(h.createQuery(trials.sql("""
                        SELECT m.* FROM metric m JOIN trial t ON t.id = m.trial_id
                        WHERE t.question_id = :questionId AND m.name = :name""", "t.id", "m.trial_id", "trial_id, step, id")))
                .bind("questionId", questionId)
                .bind("name", name)
                .map(MetricRepository::map)
                .list());
    }

    /** The point with the highest step; of several at that step, the last recorded. */
    public Optional<MetricPoint> latest(long trialId, String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM metric WHERE trial_id = :trialId AND name = :name
                        ORDER BY step DESC, id DESC
                        FETCH FIRST 1 ROW ONLY""")
                .bind("trialId", trialId)
                .bind("name", name)
                .map(MetricRepository::map)
                .findOne());
    }

    private static MetricPoint map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new MetricPoint(
                rs.getLong("id"),
                rs.getLong("trial_id"),
                rs.getString("name"),
                rs.getInt("epoch"),
                rs.getLong("step"),
                rs.getDouble("metric_value"),
                Timestamps.read(rs, "recorded_at"));
    }
}
