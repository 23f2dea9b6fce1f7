package io.nightshift.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Research questions. */
public final class QuestionRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    QuestionRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The question a run works on, and whether this call created it. */
    public record Started(Question question, boolean created) {}

    /**
     * The active question with this plugin and text, or a new one. Safe when several processes start the same
     * question at once: the unique key on active questions lets exactly one insert win, and the others continue
     * that question.
     */
    public Started createOrContinue(String pluginId, String text, String planner, int maxTrials,
            int trialBudgetSeconds, long seed) {
        Optional<Question> existing = findActive(pluginId, text);
        if (existing.isPresent()) {
            return new Started(existing.get(), false);
        }
        try {
            return new Started(create(pluginId, text, planner, maxTrials, trialBudgetSeconds, seed), true);
        } catch (DuplicateKeyException e) {
            return new Started(findActive(pluginId, text).orElseThrow(() -> new StoreException(
                    "question '" + text + "' of " + pluginId + " was being created by another process and then"
                            + " vanished; start it again", e)), false);
        }
    }

    /**
     * A new {@link QuestionStatus#ACTIVE} question.
     *
     * @throws DuplicateKeyException if an active question with this plugin and text exists
     */
    public Question create(String pluginId, String text, String planner, int maxTrials, int trialBudgetSeconds,
            long seed) {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(planner, "planner");
        return DuplicateKeyException.translate(() -> jdbi.withHandle(h -> {
            long id = h.createUpdate("""
                            INSERT INTO question (plugin_id, text, planner, max_trials, trial_budget_seconds, seed,
                                                  status, created_at, active_key)
                            VALUES (:pluginId, :text, :planner, :maxTrials, :budget, :seed, :status, :createdAt,
                                    :activeKey)""")
                    .bind("activeKey", activeKey(pluginId, text))
                    .bind("pluginId", pluginId)
                    .bind("text", text)
                    .bind("planner", planner)
                    .bind("maxTrials", maxTrials)
                    .bind("budget", trialBudgetSeconds)
                    .bind("seed", seed)
                    .bind("status", QuestionStatus.ACTIVE.name())
                    .bind("createdAt", Timestamps.bind(clock.instant()))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return h.createQuery("SELECT * FROM question WHERE id = :id").bind("id", id).map(this::map).one();
        }));
    }

    /** SHA-256 of plugin and text: fits an index on both databases whatever the length of the text. */
    static String activeKey(String pluginId, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pluginId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public Optional<Question> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM question WHERE id = :id")
                .bind("id", id)
                .map(this::map)
                .findOne());
    }

    /** The newest active question with exactly this plugin and text: lets a restarted run resume its question. */
    public Optional<Question> findActive(String pluginId, String text) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM question
                        WHERE plugin_id = :pluginId AND text = :text AND status = :status
                        ORDER BY id DESC
                        FETCH FIRST 1 ROW ONLY""")
                .bind("pluginId", pluginId)
                .bind("text", text)
                .bind("status", QuestionStatus.ACTIVE.name())
                .map(this::map)
                .findOne());
    }

    /** Oldest first. */
    public List<Question> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM question ORDER BY id").map(this::map).list());
    }

    /**
     * Marks the question {@link QuestionStatus#DONE}. Finishing a finished question keeps its first finish time.
     *
     * @throws StoreException if there is no such question
     */
    public void finish(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        int changed = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE question SET status = :done, finished_at = COALESCE(finished_at, :at),
                                            active_key = NULL
                        WHERE id = :id""")
                .bind("done", QuestionStatus.DONE.name())
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .execute());
        if (changed == 0) {
            throw new StoreException("no question with id " + id);
        }
    }

    private Question map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Question(
                rs.getLong("id"),
                rs.getString("plugin_id"),
                rs.getString("text"),
                rs.getString("planner"),
                rs.getInt("max_trials"),
                rs.getInt("trial_budget_seconds"),
                rs.getLong("seed"),
                QuestionStatus.valueOf(rs.getString("status")),
                Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "finished_at"));
    }
}
