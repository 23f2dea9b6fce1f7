package io.nightshift.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A research question the loop works on.
 *
 * @param finishedAt null while the question is {@link QuestionStatus#ACTIVE}
 */
public record Question(
        long id,
        String pluginId,
        String text,
        String planner,
        int maxTrials,
        int trialBudgetSeconds,
        long seed,
        QuestionStatus status,
        Instant createdAt,
        Instant finishedAt) {

    public Question {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
