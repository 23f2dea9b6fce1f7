package io.nightshift.agent.query;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.AutoApprovePolicy;
import io.nightshift.agent.review.ProposalEstimate;
import io.nightshift.agent.review.ProposalEstimator;
import io.nightshift.agent.review.ReviewPolicies;
import io.nightshift.agent.review.ReviewPolicy;
import io.nightshift.plugin.Plugin;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.TrialStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of review: the queue of proposals waiting for a decision, each with its question, its estimates
 * and why it waits. Used by {@code nightshift review} and (later) the web dashboard; the writes are
 * {@link io.nightshift.agent.review.ReviewDesk}'s.
 */
public final class ReviewQueries {

    private final Store store;
    private final PluginRegistry plugins;
    private final ProposalEstimator estimator = new ProposalEstimator();

    /** @param plugins the installed plugins (a question whose plugin is missing gets no size estimates) */
    public ReviewQueries(Store store, PluginRegistry plugins) {
        this.store = store;
        this.plugins = plugins;
    }

    /**
     * A proposal waiting for review.
     *
     * @param policy         the question's review policy as text
     * @param waitingBecause why it waits; when its policy would approve it, says that the loop does so on its next
     *                       tick (nothing for a person to do)
     * @param forPerson      whether it waits for a person (false: the loop's policy decides it on its next tick)
     */
    public record PendingProposal(Proposal proposal, Question question, String policy, ProposalEstimate estimate,
                                  String waitingBecause, boolean forPerson) {

        /** The same for machines ({@code review --json}). */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", proposal.id());
            m.put("questionId", question.id());
            m.put("question", question.text());
            m.put("plugin", question.pluginId());
            m.put("policy", policy);
            m.put("params", proposal.params());
            m.put("planner", proposal.planner());
            m.put("rationale", proposal.rationale());
            m.put("hypothesis", proposal.hypothesis());
            Map<String, Object> placement = new LinkedHashMap<>();
            placement.put("cell", proposal.placement().cell());
            placement.put("replicate", proposal.placement().replicate());
            placement.put("seed", proposal.placement().seed());
            m.put("placement", placement);
            m.put("createdAt", proposal.createdAt().toString());
            m.put("estimate", estimate.toJson());
            m.put("waitingFor", forPerson ? "person" : "policy");
            m.put("waitingBecause", waitingBecause);
            return m;
        }
    }

    /**
     * Pending proposals, oldest first: of one question (whatever its state), or of every active question.
     *
     * @param questionId null for every active question
     * @throws IllegalArgumentException if there is no such question
     */
    public List<PendingProposal> pending(Long questionId) {
        if (questionId != null && store.questions().find(questionId).isEmpty()) {
            throw new IllegalArgumentException("no question #" + questionId + "; 'nightshift status --all' lists them");
        }
        return store.withOneConnection(() -> {
            List<Proposal> proposals = store.proposals().pending(questionId);
            Map<Long, Question> questions = new HashMap<>();
            Map<Long, ProposalEstimator.ForQuestion> bases = new HashMap<>();
            List<PendingProposal> out = new ArrayList<>();
            for (Proposal p : proposals) {
                Question q = questions.computeIfAbsent(p.questionId(), id -> store.questions().find(id).orElseThrow());
                ProposalEstimator.ForQuestion basis = bases.computeIfAbsent(q.id(), id -> estimator.forQuestion(
                        plugin(q).orElse(null), q, store.trials().forQuestion(id, EnumSet.of(TrialStatus.COMPLETED))));
                ProposalEstimate estimate = basis.estimate(p);
                // A question without a policy is approved automatically, as the loop does (run passes auto).
                ReviewPolicy policy = ReviewPolicies.forQuestion(q, new AutoApprovePolicy());
                ReviewPolicy.Outcome outcome = policy.review(p, () -> estimate);
                String because = outcome.isDecided()
                        ? "its review policy (" + policy.text() + ") approves it on the loop's next tick"
                        + (q.status() == io.nightshift.store.QuestionStatus.ACTIVE ? "" : " if the question runs again")
                        : outcome.waitingBecause();
                out.add(new PendingProposal(p, q, policy.text(), estimate, because, !outcome.isDecided()));
            }
            return out;
        });
    }

    private Optional<Plugin> plugin(Question q) {
        return plugins == null ? Optional.empty() : plugins.find(q.pluginId());
    }
}
