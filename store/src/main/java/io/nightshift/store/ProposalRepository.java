package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Proposals made by planners, and their review status. */
public final class ProposalRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    ProposalRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * A new {@link ProposalStatus#PENDING} proposal.
     *
     * @param params JSON-like values: numbers, strings, booleans, null, lists and maps of these
     */
    public Proposal create(long questionId, Map<String, Object> params, String planner, String rationale,
            String hypothesis) {
        return create(questionId, params, planner, rationale, hypothesis, Placement.NONE);
    }

    /** As {@link #create(long, Map, String, String, String)}, at a place in the question's study design. */
    public Proposal create(long questionId, Map<String, Object> params, String planner, String rationale,
            String hypothesis, Placement placement) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(placement, "placement");
        String json = Json.write(params);
        return jdbi.withHandle(h -> {
            long id = h.createUpdate("""
                            INSERT INTO proposal (question_id, params, planner, rationale, hypothesis, status, created_at,
                                                  cell, replicate, seed)
                            VALUES (:questionId, :params, :planner, :rationale, :hypothesis, :status, :createdAt,
                                    :cell, :replicate, :seed)""")
                    .bind("cell", placement.cell())
                    .bind("replicate", placement.replicate())
                    .bind("seed", placement.seed())
                    .bind("questionId", questionId)
                    .bind("params", json)
                    .bind("planner", planner)
                    .bind("rationale", rationale)
                    .bind("hypothesis", hypothesis)
                    .bind("status", ProposalStatus.PENDING.name())
                    .bind("createdAt", Timestamps.bind(clock.instant()))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return h.createQuery("SELECT * FROM proposal WHERE id = :id").bind("id", id).map(this::map).one();
        });
    }

    public Optional<Proposal> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM proposal WHERE id = :id")
                .bind("id", id)
                .map(this::map)
                .findOne());
    }

    /** Oldest first. */
    public List<Proposal> forQuestion(long questionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM proposal WHERE question_id = :questionId ORDER BY id")
                .bind("questionId", questionId)
                .map(this::map)
                .list());
    }

    /** The question's proposals in the window, oldest first (for incremental readers). */
    public List<Proposal> forQuestion(long questionId, IdWindow window) {
        return jdbi.withHandle(h -> window.bind(h.createQuery(
                        window.sql("SELECT * FROM proposal WHERE question_id = :questionId", "id", "id")))
                .bind("questionId", questionId)
                .map(this::map)
                .list());
    }

    /**
     * Sets the review status. Who decided and why belongs in {@link DecisionRepository#record} as well.
     *
     * @throws StoreException if there is no such proposal
     */
    public void setStatus(long id, ProposalStatus status, String reason) {
        Objects.requireNonNull(status, "status");
        int changed = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE proposal SET status = :status, status_reason = :reason WHERE id = :id")
                .bind("status", status.name())
                .bind("reason", reason)
                .bind("id", id)
                .execute());
        if (changed == 0) {
            throw new StoreException("no proposal with id " + id);
        }
    }

    private Proposal map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Proposal(
                rs.getLong("id"),
                rs.getLong("question_id"),
                Json.readParams(rs.getString("params")),
                rs.getString("planner"),
                rs.getString("rationale"),
                rs.getString("hypothesis"),
                ProposalStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"),
                Timestamps.read(rs, "created_at"),
                placement(rs));
    }

    private static Placement placement(ResultSet rs) throws SQLException {
        String cell = rs.getString("cell");
        int replicate = rs.getInt("replicate");
        long seed = rs.getLong("seed");
        Long seedOrNull = rs.wasNull() ? null : seed;
        return cell == null && replicate == 0 && seedOrNull == null ? Placement.NONE
                : new Placement(cell, replicate, seedOrNull);
    }
}
