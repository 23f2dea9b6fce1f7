package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The accounting of language-model calls: one row per call, and the spend per question. */
public final class LlmCallRepository {

    private final Jdbi jdbi;
    private final Clock clock;

    LlmCallRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public LlmCall record(LlmCall.New call) {
        Objects.requireNonNull(call, "call");
        return jdbi.withHandle(h -> {
            long id = h.createUpdate("""
                            INSERT INTO llm_call (question_id, provider, model, purpose, prompt, response, tokens_in,
                                                  tokens_out, latency_ms, estimated_cost, error, created_at)
                            VALUES (:questionId, :provider, :model, :purpose, :prompt, :response, :tokensIn,
                                    :tokensOut, :latency, :cost, :error, :createdAt)""")
                    .bindByType("questionId", call.questionId(), Long.class)
                    .bind("provider", Objects.requireNonNull(call.provider(), "provider"))
                    .bind("model", Objects.requireNonNull(call.model(), "model"))
                    .bind("purpose", Objects.requireNonNull(call.purpose(), "purpose"))
                    .bind("prompt", Objects.requireNonNull(call.prompt(), "prompt"))
                    .bind("response", call.response())
                    .bindByType("tokensIn", call.tokensIn(), Integer.class)
                    .bindByType("tokensOut", call.tokensOut(), Integer.class)
                    .bind("latency", call.latencyMillis())
                    .bind("cost", call.estimatedCost())
                    .bind("error", call.error())
                    .bind("createdAt", Timestamps.bind(clock.instant()))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            return h.createQuery("SELECT * FROM llm_call WHERE id = :id").bind("id", id).map(LlmCallRepository::map).one();
        });
    }

    /**
     * Notes why a call's answer could not be used (it arrived, but was not valid JSON, say).
     *
     * @throws StoreException if there is no such call
     */
    public void setError(long id, String error) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE llm_call SET error = :error WHERE id = :id")
                .bind("error", error)
                .bind("id", id)
                .execute());
        if (changed == 0) {
            throw new StoreException("no llm_call with id " + id);
        }
    }

    /** Oldest first. */
    public List<LlmCall> forQuestion(long questionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM llm_call WHERE question_id = :questionId ORDER BY id")
                .bind("questionId", questionId)
                .map(LlmCallRepository::map)
                .list());
    }

    /** Calls made outside any question (drafting a design before the question exists), oldest first. */
    public List<LlmCall> outsideQuestions() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM llm_call WHERE question_id IS NULL ORDER BY id")
                .map(LlmCallRepository::map)
                .list());
    }

    /** Totals for one question; {@link LlmCall.Spend#NONE} when it made no calls. */
    public LlmCall.Spend spend(long questionId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) AS calls,
                               COALESCE(SUM(CASE WHEN response IS NULL THEN 1 ELSE 0 END), 0) AS failed,
                               COALESCE(SUM(tokens_in), 0) AS tokens_in,
                               COALESCE(SUM(tokens_out), 0) AS tokens_out,
                               COALESCE(SUM(estimated_cost), 0) AS cost
                        FROM llm_call WHERE question_id = :questionId""")
                .bind("questionId", questionId)
                .map((rs, ctx) -> new LlmCall.Spend(rs.getInt("calls"), rs.getInt("failed"), rs.getLong("tokens_in"),
                        rs.getLong("tokens_out"), rs.getDouble("cost")))
                .one());
    }

    private static LlmCall map(ResultSet rs, StatementContext ctx) throws SQLException {
        long questionId = rs.getLong("question_id");
        Long question = rs.wasNull() ? null : questionId;
        int in = rs.getInt("tokens_in");
        Integer tokensIn = rs.wasNull() ? null : in;
        int out = rs.getInt("tokens_out");
        Integer tokensOut = rs.wasNull() ? null : out;
        return new LlmCall(
                rs.getLong("id"),
                question,
                rs.getString("provider"),
                rs.getString("model"),
                rs.getString("purpose"),
                rs.getString("prompt"),
                rs.getString("response"),
                tokensIn,
                tokensOut,
                rs.getLong("latency_ms"),
                rs.getDouble("estimated_cost"),
                rs.getString("error"),
                Timestamps.read(rs, "created_at"));
    }
}
