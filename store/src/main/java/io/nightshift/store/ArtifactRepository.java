package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** What trials produced (files and notes) and the lines they logged. */
public final class ArtifactRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    /** One line a trial logged. */
    public record LogLine(long id, long trialId, String message, Instant loggedAt) {}

    ArtifactRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Registers the trial's artifacts in one transaction. */
    public void add(long trialId, List<Artifact.New> artifacts) {
        Objects.requireNonNull(artifacts, "artifacts");
        if (artifacts.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            for (Artifact.New a : artifacts) {
                h.createUpdate("""
                                INSERT INTO artifact (trial_id, name, kind, size_bytes, sha256, path, text, created_at)
                                VALUES (:trial, :name, :kind, :size, :sha, :path, :text, :at)""")
                        .bind("trial", trialId)
                        .bind("name", a.name())
                        .bind("kind", a.kind())
                        .bind("size", a.sizeBytes())
                        .bind("sha", a.sha256())
                        .bind("path", a.path())
                        .bind("text", a.text())
                        .bind("at", Timestamps.bind(clock.instant()))
                        .execute();
            }
        });
    }

    /** In the order they were registered. */
    public List<Artifact> forTrial(long trialId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM artifact WHERE trial_id = :t ORDER BY id")
                .bind("t", trialId).map(ArtifactRepository::map).list());
    }

    public void log(long trialId, String message) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO trial_log (trial_id, message, logged_at) VALUES (:t, :m, :at)")
                .bind("t", trialId)
                .bind("m", Objects.requireNonNull(message, "message"))
                .bind("at", Timestamps.bind(clock.instant()))
                .execute());
    }

    /** Oldest first. */
    public List<LogLine> logFor(long trialId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM trial_log WHERE trial_id = :t ORDER BY id")
                .bind("t", trialId)
                .map((rs, ctx) -> new LogLine(rs.getLong("id"), rs.getLong("trial_id"), rs.getString("message"),
                        Timestamps.read(rs, "logged_at")))
                .list());
    }

    private static Artifact map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Artifact(rs.getLong("id"), rs.getLong("trial_id"), rs.getString("name"), rs.getString("kind"),
                rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("path"), rs.getString("text"),
                Timestamps.read(rs, "created_at"));
    }
}
