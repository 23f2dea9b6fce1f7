package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The audit trail of review decisions: append-only. */
public final class DecisionRepository {

    private final Jdbi jdbi;

    DecisionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records a decision; it does not change the proposal's status: write both in one {@link Store#inTransaction}
     * with {@link ProposalRepository#decide}, which says whether this decision won.
     */
    public Decision record(long proposalId, String actor, Verdict verdict, String reason, Instant at) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(at, "at");
        return jdbi.withHandle(h -> {
            long id = h.createUpdate("""
                            INSERT INTO decision (proposal_id, actor, verdict, reason, decided_at)
                            VALUES (:proposalId, :actor, :verdict, :reason, :at)""")
                    .bind("proposalId", proposalId)
                    .bind("actor", actor)
                    .bind("verdict", verdict.name())
                    .bind("reason", reason)
                    .bind("at", Timestamps.bind(at))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return h.createQuery("SELECT * FROM decision WHERE id = :id")
                    .bind("id", id)
                    .map(DecisionRepository::map)
                    .one();
        });
    }

    /** Oldest first. */
    public List<Decision> forProposal(long proposalId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM decision WHERE proposal_id = :proposalId ORDER BY id")
                .bind("proposalId", proposalId)
                .map(DecisionRepository::map)
                .list());
    }

    /** Decisions on the question's proposals in the window (proposal ids), oldest first. */
    public List<Decision> forQuestion(long questionId, IdWindow proposals) {
        return jdbi.withHandle(h -> proposals.bind(h.createQuery(proposals.sql("""
                        SELECT d.* FROM decision d JOIN proposal p ON p.id = d.proposal_id
                        WHERE p.question_id = :questionId""", "p.id", "d.proposal_id", "id")))
                .bind("questionId", questionId)
                .map(DecisionRepository::map)
                .list());
    }

    private static Decision map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Decision(
                rs.getLong("id"),
                rs.getLong("proposal_id"),
                rs.getString("actor"),
                Verdict.valueOf(rs.getString("verdict")),
                rs.getString("reason"),
                Timestamps.read(rs, "decided_at"));
    }
}
