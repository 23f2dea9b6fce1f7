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
        return jdbi.inTransaction(h -> {
            // The question's row is locked until this insert commits, so that a question's proposals commit in id
            // order even when another process adds one (a reviewer's edit): readers that follow a question by "ids
            // above the last one seen" (QuestionHistory) never step over one that commits late.
            h.createQuery("SELECT id FROM question WHERE id = :questionId FOR UPDATE")
                    .bind("questionId", questionId)
                    .mapTo(Long.class)
                    .findOne();
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
     * The proposals waiting for review: of one question, or (questionId null) of every ACTIVE question; oldest
     * first.
     */
    public List<Proposal> pending(Long questionId) {
        if (questionId != null) {
            return jdbi.withHandle(h -> h.createQuery(
                            "SELECT * FROM proposal WHERE question_id = :questionId AND status = :pending ORDER BY id")
                    .bind("questionId", questionId)
                    .bind("pending", ProposalStatus.PENDING.name())
                    .map(this::map)
                    .list());
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.* FROM proposal p JOIN question q ON q.id = p.question_id
                        WHERE p.status = :pending AND q.status = :active ORDER BY p.id""")
                .bind("pending", ProposalStatus.PENDING.name())
                .bind("active", QuestionStatus.ACTIVE.name())
                .map(this::map)
                .list());
    }

    /**
     * Moves a {@link ProposalStatus#PENDING} proposal to APPROVED or REJECTED, only if it is still pending: of two
     * reviewers (or a reviewer and the loop's policy) deciding at once, exactly one wins. Call it in
     * {@link Store#inTransaction} together with {@link DecisionRepository#record}, so that the decision and the
     * status change are written together or not at all; the row stays locked until that transaction ends.
     *
     * @param to     APPROVED or REJECTED
     * @param reason why; kept as the proposal's status reason
     * @return true if this call moved it; false if it had been decided already
     * @throws StoreException           if there is no such proposal
     * @throws IllegalArgumentException if {@code to} is PENDING
     */
    public boolean decide(long id, ProposalStatus to, String reason) {
        Objects.requireNonNull(to, "to");
        if (to == ProposalStatus.PENDING) {
            throw new IllegalArgumentException("a decision moves a proposal out of PENDING, not into it");
        }
        return jdbi.withHandle(h -> {
            int changed = h.createUpdate("""
                            UPDATE proposal SET status = :to, status_reason = :reason
                            WHERE id = :id AND status = :pending""")
                    .bind("to", to.name())
                    .bind("reason", reason)
                    .bind("id", id)
                    .bind("pending", ProposalStatus.PENDING.name())
                    .execute();
            if (changed == 0 && h.createQuery("SELECT COUNT(*) FROM proposal WHERE id = :id").bind("id", id)
                    .mapTo(Integer.class).one() == 0) {
                throw new StoreException("no proposal with id " + id);
            }
            return changed == 1;
        });
    }

    /**
     * Sets the review status whatever it was: for a proposal the caller has just created in the same transaction
     * (one refused before anyone could see it). Anything else goes through {@link #decide}, which is guarded. Who
     * decided and why belongs in {@link DecisionRepository#record} as well.
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
