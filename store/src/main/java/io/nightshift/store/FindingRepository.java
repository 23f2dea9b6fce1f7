package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** What finished studies found. */
public final class FindingRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    FindingRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Replaces the question's findings with these, in one transaction: findings are rewritten whole (a study's
     * findings are one account of it), and a kill in between leaves the old ones or the new ones, never half.
     */
    public List<Finding> replace(long questionId, List<Finding.New> findings) {
        Objects.requireNonNull(findings, "findings");
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM finding WHERE question_id = :q").bind("q", questionId).execute();
            for (Finding.New f : findings) {
                h.createUpdate("""
                                INSERT INTO finding (question_id, kind, text, cited_trials, numbers, source, flagged,
                                                     created_at)
                                VALUES (:q, :kind, :text, :cited, :numbers, :source, :flagged, :at)""")
                        .bind("q", questionId)
                        .bind("kind", f.kind())
                        .bind("text", f.text())
                        .bind("cited", Json.writeIds(f.citedTrials()))
                        .bind("numbers", Json.write(f.numbers()))
                        .bind("source", f.source())
                        .bind("flagged", f.flagged())
                        .bind("at", Timestamps.bind(clock.instant()))
                        .execute();
            }
            return h.createQuery("SELECT * FROM finding WHERE question_id = :q ORDER BY id")
                    .bind("q", questionId).map(FindingRepository::map).list();
        });
    }

    /** In the order they were written. */
    public List<Finding> forQuestion(long questionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM finding WHERE question_id = :q ORDER BY id")
                .bind("q", questionId).map(FindingRepository::map).list());
    }

    private static Finding map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Finding(rs.getLong("id"), rs.getLong("question_id"), rs.getString("kind"), rs.getString("text"),
                Json.readIds(rs.getString("cited_trials")), Json.readResult(rs.getString("numbers")),
                rs.getString("source"), rs.getString("flagged"), Timestamps.read(rs, "created_at"));
    }
}
