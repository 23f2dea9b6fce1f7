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
        return createOrContinue(new NewQuestion(pluginId, text, planner, maxTrials, trialBudgetSeconds, seed,
                QuestionStatus.ACTIVE, null, QuestionOrigin.PERSON, null));
    }

    /** As above, for an ACTIVE question described in full. */
    public Started createOrContinue(NewQuestion q) {
        if (q.status() != QuestionStatus.ACTIVE) {
            throw new IllegalArgumentException("only an active question is continued; this one is " + q.status());
        }
        Optional<Question> existing = findActive(q.pluginId(), q.text());
        if (existing.isPresent()) {
            return new Started(existing.get(), false);
        }
        try {
            return new Started(create(q), true);
        } catch (DuplicateKeyException e) {
            return new Started(findActive(q.pluginId(), q.text()).orElseThrow(() -> new StoreException(
                    "question '" + q.text() + "' of " + q.pluginId() + " was being created by another process and"
                            + " then vanished; start it again", e)), false);
        }
    }

    /**
     * What a new question is made of.
     *
     * @param status       ACTIVE to start now, QUEUED to wait its turn, CANDIDATE to wait for a person
     * @param design       the study design as JSON, or null to optimise the whole space
     * @param reviewPolicy the review policy as the agent writes it, or null for automatic approval
     */
    public record NewQuestion(String pluginId, String text, String planner, int maxTrials, int trialBudgetSeconds,
                              long seed, QuestionStatus status, String design, QuestionOrigin origin,
                              String reviewPolicy) {
        public NewQuestion {
            Objects.requireNonNull(pluginId, "pluginId");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(planner, "planner");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(origin, "origin");
            if (status != QuestionStatus.ACTIVE && status != QuestionStatus.QUEUED && status != QuestionStatus.CANDIDATE) {
                throw new IllegalArgumentException("a new question is ACTIVE, QUEUED or CANDIDATE, not " + status);
            }
        }
    }

    /**
     * A new {@link QuestionStatus#ACTIVE} question asked by a person, optimising the whole space.
     *
     * @throws DuplicateKeyException if an active question with this plugin and text exists
     */
    public Question create(String pluginId, String text, String planner, int maxTrials, int trialBudgetSeconds,
            long seed) {
        return create(new NewQuestion(pluginId, text, planner, maxTrials, trialBudgetSeconds, seed,
                QuestionStatus.ACTIVE, null, QuestionOrigin.PERSON, null));
    }

    /**
     * A new question.
     *
     * @throws DuplicateKeyException if it is ACTIVE and an active question with this plugin and text exists, or
     *                               it is a plugin's suggestion (a CANDIDATE of origin PLUGIN) that was suggested
     *                               already and not dropped
     */
    public Question create(NewQuestion q) {
        return DuplicateKeyException.translate(() -> jdbi.withHandle(h -> {
            long id = h.createUpdate("""
                            INSERT INTO question (plugin_id, text, planner, max_trials, trial_budget_seconds, seed,
                                                  status, created_at, active_key, design, origin, review_policy,
                                                  queued_at, suggestion_key)
                            VALUES (:pluginId, :text, :planner, :maxTrials, :budget, :seed, :status, :createdAt,
                                    :activeKey, :design, :origin, :reviewPolicy, :queuedAt, :suggestionKey)""")
                    .bind("activeKey", q.status() == QuestionStatus.ACTIVE ? activeKey(q.pluginId(), q.text()) : null)
                    .bind("suggestionKey", q.origin() == QuestionOrigin.PLUGIN && q.status() == QuestionStatus.CANDIDATE
                            ? activeKey(q.pluginId(), q.text()) : null)
                    .bind("pluginId", q.pluginId())
                    .bind("text", q.text())
                    .bind("planner", q.planner())
                    .bind("maxTrials", q.maxTrials())
                    .bind("budget", q.trialBudgetSeconds())
                    .bind("seed", q.seed())
                    .bind("status", q.status().name())
                    .bind("createdAt", Timestamps.bind(clock.instant()))
                    .bind("design", q.design())
                    .bind("origin", q.origin().name())
                    .bind("reviewPolicy", q.reviewPolicy())
                    .bind("queuedAt", q.status() == QuestionStatus.QUEUED ? Timestamps.bind(clock.instant()) : null)
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

    /** Questions in one of the statuses, oldest first. */
    public List<Question> withStatus(QuestionStatus... statuses) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM question WHERE status IN (<statuses>) ORDER BY id")
                .bindList("statuses", java.util.Arrays.stream(statuses).map(Enum::name).toList())
                .map(this::map)
                .list());
    }

    /** The queued question whose turn is next: queued first, then oldest. */
    public Optional<Question> nextQueued() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM question WHERE status = :queued ORDER BY queued_at, id FETCH FIRST 1 ROW ONLY""")
                .bind("queued", QuestionStatus.QUEUED.name())
                .map(this::map)
                .findOne());
    }

    /**
     * CANDIDATE to QUEUED (a person chose it), QUEUED to ACTIVE (its turn came), or to DROPPED from any state but
     * DONE; each only from the state the caller expects, so that two processes cannot both apply it.
     *
     * @return false if the question was not in {@code from} (someone else moved it first)
     * @throws DuplicateKeyException when activating a question whose plugin and text are active already
     */
    public boolean move(long id, QuestionStatus from, QuestionStatus to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        boolean allowed = (from == QuestionStatus.CANDIDATE && to == QuestionStatus.QUEUED)
                || (from == QuestionStatus.QUEUED && to == QuestionStatus.ACTIVE)
                || (from == QuestionStatus.QUEUED && to == QuestionStatus.CANDIDATE)
                || (from != QuestionStatus.DONE && from != QuestionStatus.DROPPED && to == QuestionStatus.DROPPED);
        if (!allowed) {
            throw new IllegalArgumentException("a question does not move from " + from + " to " + to);
        }
        Instant now = clock.instant();
        return DuplicateKeyException.translate(() -> jdbi.withHandle(h -> {
            Question q = h.createQuery("SELECT * FROM question WHERE id = :id").bind("id", id).map(this::map)
                    .findOne().orElseThrow(() -> new StoreException("no question with id " + id));
            return h.createUpdate("""
                            UPDATE question SET status = :to,
                                   active_key = :activeKey,
                                   suggestion_key = CASE WHEN :dropping THEN NULL ELSE suggestion_key END,
                                   queued_at = CASE WHEN :queuing THEN :now ELSE queued_at END,
                                   finished_at = CASE WHEN :dropping THEN :now ELSE finished_at END
                            WHERE id = :id AND status = :from""")
                    .bind("to", to.name())
                    .bind("activeKey", to == QuestionStatus.ACTIVE ? activeKey(q.pluginId(), q.text()) : null)
                    .bind("queuing", to == QuestionStatus.QUEUED)
                    .bind("dropping", to == QuestionStatus.DROPPED)
                    .bind("now", Timestamps.bind(now))
                    .bind("id", id)
                    .bind("from", from.name())
                    .execute() == 1;
        }));
    }

    /** Changes what a person may edit before a question runs: its text, design, budget and review policy. */
    public boolean edit(long id, QuestionStatus expected, String text, String design, int maxTrials,
            int trialBudgetSeconds, String reviewPolicy) {
        Objects.requireNonNull(text, "text");
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE question SET text = :text, design = :design, max_trials = :maxTrials,
                                            trial_budget_seconds = :budget, review_policy = :reviewPolicy
                        WHERE id = :id AND status = :expected""")
                .bind("text", text)
                .bind("design", design)
                .bind("maxTrials", maxTrials)
                .bind("budget", trialBudgetSeconds)
                .bind("reviewPolicy", reviewPolicy)
                .bind("id", id)
                .bind("expected", expected.name())
                .execute()) == 1;
    }

    /**
     * Sets the question's time budget: a deadline and a wall-clock limit (either null for none). A later call
     * replaces both.
     */
    public void setBudget(long id, Instant deadline, java.time.Duration maxWall) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE question SET deadline_at = :deadline, max_wall_seconds = :maxWall WHERE id = :id""")
                .bind("deadline", deadline == null ? null : Timestamps.bind(deadline))
                .bind("maxWall", maxWall == null ? null : maxWall.toSeconds())
                .bind("id", id)
                .execute());
    }

    /** Sets the rule that prunes the question's trials (none, median, asha); null for none. */
    public void setPruner(long id, String pruner) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE question SET pruner = :pruner WHERE id = :id")
                .bind("pruner", pruner).bind("id", id).execute());
    }

    /** Records when the question first became active (its wall-clock budget counts from then); kept if set. */
    public void markStarted(long id, Instant at) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE question SET started_at = COALESCE(started_at, :at) WHERE id = :id")
                .bind("at", Timestamps.bind(at))
                .bind("id", id)
                .execute());
    }

    /**
     * Marks an ACTIVE question {@link QuestionStatus#DONE} before its design was done, saying why.
     *
     * @return false if it was not active
     */
    public boolean stop(long id, String reason, Instant at) {
        Objects.requireNonNull(reason, "reason");
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE question SET status = :done, finished_at = :at, active_key = NULL, stop_reason = :reason
                        WHERE id = :id AND status = :active""")
                .bind("done", QuestionStatus.DONE.name())
                .bind("at", Timestamps.bind(at))
                .bind("reason", reason)
                .bind("id", id)
                .bind("active", QuestionStatus.ACTIVE.name())
                .execute()) == 1;
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
                Timestamps.read(rs, "finished_at"),
                rs.getString("design"),
                rs.getString("origin") == null ? QuestionOrigin.PERSON : QuestionOrigin.valueOf(rs.getString("origin")),
                rs.getString("review_policy"),
                budget(rs),
                rs.getString("stop_reason"),
                rs.getString("pruner"));
    }

    private static QuestionBudget budget(ResultSet rs) throws SQLException {
        long seconds = rs.getLong("max_wall_seconds");
        java.time.Duration maxWall = rs.wasNull() ? null : java.time.Duration.ofSeconds(seconds);
        Instant deadline = Timestamps.read(rs, "deadline_at");
        Instant started = Timestamps.read(rs, "started_at");
        return deadline == null && maxWall == null && started == null ? QuestionBudget.NONE
                : new QuestionBudget(deadline, maxWall, started);
    }
}
