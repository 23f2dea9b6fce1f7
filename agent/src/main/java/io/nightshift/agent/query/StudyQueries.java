package io.nightshift.agent.query;

import io.nightshift.agent.study.findings.Observation;
import io.nightshift.store.Finding;
import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The read side of studies: the queries behind {@code status}, {@code findings} and (later) the review queue, the
 * web pages and reports, in one place rather than in the commands that print them. Read-only.
 */
public final class StudyQueries {

    private final Store store;

    public StudyQueries(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public Optional<Question> question(long id) {
        return store.questions().find(id);
    }

    /** The most recently answered question: DONE, latest finish first (then the highest id). */
    public Optional<Question> latestAnswered() {
        return store.questions().withStatus(QuestionStatus.DONE).stream()
                .max(Comparator.comparing((Question q) -> q.finishedAt() == null ? Instant.MIN : q.finishedAt())
                        .thenComparingLong(Question::id));
    }

    /** The question's findings, in the order they were written. */
    public List<Finding> findings(long questionId) {
        return store.findings().forQuestion(questionId);
    }

    /** A question with its findings, as {@code findings} and {@code status} show them. */
    public record QuestionFindings(Question question, List<Finding> findings) {
        public QuestionFindings {
            findings = List.copyOf(findings);
        }
    }

    /** The question and its findings, or empty when there is no such question. */
    public Optional<QuestionFindings> questionFindings(long questionId) {
        return question(questionId).map(q -> new QuestionFindings(q, findings(q.id())));
    }

    /** Every trial id of the question, whatever its status. */
    public Set<Long> trialIds(long questionId) {
        Set<Long> ids = new LinkedHashSet<>();
        store.trials().forQuestion(questionId).forEach(t -> ids.add(t.id()));
        return ids;
    }

    /**
     * The question's completed trials with an objective value, as findings are computed from them: the trial's id,
     * seed, parameters and objective value, and its proposal's design cell.
     */
    public List<Observation> observations(long questionId) {
        Map<Long, Placement> placements = new HashMap<>();
        for (Proposal p : store.proposals().forQuestion(questionId)) {
            placements.put(p.id(), p.placement());
        }
        List<Observation> observations = new ArrayList<>();
        for (Trial t : store.trials().forQuestion(questionId, EnumSet.of(TrialStatus.COMPLETED))) {
            if (t.objectiveValue() == null || t.objectiveValue().isNaN()) {
                continue;
            }
            Placement placement = placements.getOrDefault(t.proposalId(), Placement.NONE);
            observations.add(new Observation(t.id(), placement.cell(), t.params(), t.seed(), t.objectiveValue()));
        }
        return observations;
    }
}
