package io.nightshift.agent.planner;

import io.nightshift.plugin.PluginDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a planner may see. History carries validation objectives only: test metrics never
 * reach a planner (nor a language model's prompt), so the loop cannot tune itself to the test set.
 *
 * @param questionId the question's id in the store (0 when there is none, as in some tests); the
 *                   language-model planner books its calls against it
 * @param question   the research question, as the person wrote it
 * @param plugin     description, model brief, search space and objective
 * @param history    finished experiments, oldest first
 * @param pending    configurations approved or running but not finished; a planner treats them as taken
 * @param rejected   earlier proposals that were rejected (by validation or a reviewer), with the reason
 * @param trialsLeft experiments the budget still allows
 */
public record PlanningContext(
        long questionId,
        String question,
        PluginDescriptor plugin,
        List<PastTrial> history,
        List<Map<String, Object>> pending,
        List<Rejection> rejected,
        int trialsLeft) {

    public PlanningContext {
        history = List.copyOf(history);
        pending = List.copyOf(pending);
        rejected = List.copyOf(rejected);
    }

    /** A context without a question id or earlier rejections (classical planners and tests). */
    public PlanningContext(String question, PluginDescriptor plugin, List<PastTrial> history,
                           List<Map<String, Object>> pending, int trialsLeft) {
        this(0, question, plugin, history, pending, List.of(), trialsLeft);
    }

    /** The same context with more configurations taken (e.g. what another planner already proposed this round). */
    public PlanningContext withPending(List<Map<String, Object>> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Map<String, Object>> all = new ArrayList<>(pending);
        all.addAll(more);
        return new PlanningContext(questionId, question, plugin, history, all, rejected, trialsLeft);
    }

    /**
     * A finished trial as a planner sees it.
     *
     * @param objective  the validation objective; NaN when the trial failed
     * @param curve      the objective metric as it was reported during training
     * @param hypothesis what the proposer expected (empty for classical planners)
     * @param reviews    the reviewer decisions on its proposal, with their reasons
     */
    public record PastTrial(Map<String, Object> parameters, String status, double objective, LearningCurve curve,
                            String hypothesis, List<Review> reviews) {

        public PastTrial {
            curve = curve == null ? LearningCurve.NONE : curve;
            hypothesis = hypothesis == null ? "" : hypothesis;
            reviews = reviews == null ? List.of() : List.copyOf(reviews);
        }

        public PastTrial(Map<String, Object> parameters, String status, double objective) {
            this(parameters, status, objective, LearningCurve.NONE, "", List.of());
        }
    }

    /**
     * A learning curve in a few numbers: the objective metric's first, best and last reported values.
     * {@code points == 0} when nothing was reported.
     */
    public record LearningCurve(int points, double first, double best, int bestEpoch, double last, int lastEpoch) {

        public static final LearningCurve NONE = new LearningCurve(0, Double.NaN, Double.NaN, 0, Double.NaN, 0);

        /** e.g. {@code 0.9012 -> best 0.9713 @e4 -> last 0.9688 @e5 (5 pts)}, or {@code -}. */
        public String summary() {
            if (points == 0) {
                return "-";
            }
            return String.format(Locale.ROOT, "%.4g -> best %.4g @e%d -> last %.4g @e%d (%d pts)",
                    first, best, bestEpoch, last, lastEpoch, points);
        }
    }

    /** A reviewer's decision: who, approve or reject, and why. */
    public record Review(String actor, String verdict, String reason) {}

    /**
     * A proposal that never ran, and why.
     *
     * @param rejectedBy who rejected it: a person (or the policy) that decided it in review; empty when it was
     *                   refused on validation (out of the space, a repeat) before anyone saw it
     */
    public record Rejection(Map<String, Object> parameters, String planner, String reason, String rejectedBy) {

        public Rejection {
            reason = reason == null ? "" : reason;
            rejectedBy = rejectedBy == null ? "" : rejectedBy;
        }

        /** Refused on validation: nobody decided it. */
        public Rejection(Map<String, Object> parameters, String planner, String reason) {
            this(parameters, planner, reason, "");
        }
    }
}
