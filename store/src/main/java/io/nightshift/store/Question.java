package io.nightshift.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A research question the loop works on.
 *
 * @param finishedAt   null until the question is {@link QuestionStatus#DONE} or dropped
 * @param design       the study design as JSON (the agent reads it); null for a question made before designs,
 *                     which optimises the plugin's whole space
 * @param origin       who asked it
 * @param reviewPolicy how its proposals are reviewed (the agent reads it); null for automatic approval
 * @param budget       its deadline and wall-clock limit, and when it started
 * @param stopReason   why it ended before its design was done (a budget, a person); null otherwise
 * @param pruner       the rule that stops unpromising trials early (none, median, asha); null for none
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
        Instant finishedAt,
        String design,
        QuestionOrigin origin,
        String reviewPolicy,
        QuestionBudget budget,
        String stopReason,
        String pruner) {

    public Question {
        budget = budget == null ? QuestionBudget.NONE : budget;
        origin = origin == null ? QuestionOrigin.PERSON : origin;
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
