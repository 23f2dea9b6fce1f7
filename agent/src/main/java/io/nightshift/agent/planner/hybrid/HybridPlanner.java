package io.nightshift.agent.planner.hybrid;

import io.nightshift.agent.planner.CandidateRanker;
import io.nightshift.agent.planner.Deadline;
import io.nightshift.agent.planner.PlanResult;
import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.TimedPlanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A language model and TPE together, in one of two modes.
 *
 * <ul>
 *   <li>{@link Mode#RANK}: the model proposes {@code candidates} experiments (k at least n); TPE's
 *       acquisition scores the valid ones and the best n are kept. The others are returned as rejected
 *       ("ranked below ..."), so the record shows what the model suggested. Good when the model's
 *       prior knowledge is useful but its sense of what the history says is not trusted.</li>
 *   <li>{@link Mode#SEED}: the model proposes the first {@code seedTrials} experiments (TPE's start
 *       phase, normally random), TPE everything after. Good for a few model calls per question: the
 *       model's prior replaces random start-up, TPE exploits the results.</li>
 * </ul>
 * Proposals keep the name of the planner that made them ({@code llm} or {@code tpe}). A round's
 * {@link Deadline} is passed on to the model planner; no state is kept between rounds.
 */
public final class HybridPlanner implements TimedPlanner {

    public static final String NAME = "hybrid";
    private static final Logger log = LoggerFactory.getLogger(HybridPlanner.class);

    public enum Mode { RANK, SEED }

    private final Mode mode;
    private final Planner model;
    private final Planner tpe;
    private final CandidateRanker ranker;
    private final int candidates;
    private final int seedTrials;

    /**
     * @param model      the language-model planner, without a fallback of its own (it may return fewer)
     * @param tpe        proposes what the model does not, and after the seed phase
     * @param ranker     TPE's acquisition, for {@link Mode#RANK}
     * @param candidates k, how many the model is asked for in {@link Mode#RANK} (at least the number wanted)
     * @param seedTrials experiments the model proposes in {@link Mode#SEED}
     */
    public HybridPlanner(Mode mode, Planner model, Planner tpe, CandidateRanker ranker, int candidates, int seedTrials) {
        this.mode = mode;
        this.model = model;
        this.tpe = tpe;
        this.ranker = ranker;
        this.candidates = candidates;
        this.seedTrials = seedTrials;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ProposedExperiment> propose(PlanningContext context, int count) {
        return plan(context, count).accepted().stream().map(Planned::experiment).toList();
    }

    @Override
    public PlanResult plan(PlanningContext context, int count, Deadline deadline) {
        return mode == Mode.RANK ? rank(context, count, deadline) : seed(context, count, deadline);
    }

    private PlanResult rank(PlanningContext context, int count, Deadline deadline) {
        int k = Math.max(count, candidates);
        PlanResult asked = TimedPlanner.plan(model, context, k, deadline);
        List<Planned> out = new ArrayList<>(asked.rejected());
        List<Planned> valid = asked.accepted();
        List<Planned> kept = new ArrayList<>();
        if (!valid.isEmpty()) {
            List<Map<String, Object>> params = valid.stream().map(p -> p.experiment().parameters()).toList();
            double[] scores = ranker.score(context, params);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < valid.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
            for (int rank = 0; rank < order.size(); rank++) {
                int i = order.get(rank);
                Planned p = valid.get(i);
                String note = String.format(Locale.ROOT, "TPE acquisition rank %d of %d (score %.4g)", rank + 1,
                        valid.size(), scores[i]);
                ProposedExperiment e = p.experiment();
                if (rank < count) {
                    String rationale = e.rationale().isBlank() ? note : e.rationale() + " [" + note + "]";
                    kept.add(Planned.accepted(new ProposedExperiment(e.parameters(), rationale, e.hypothesis()), p.planner()));
                } else {
                    out.add(Planned.rejected(e, p.planner(), "not among the best " + count + " by TPE's acquisition: " + note));
                }
            }
        }
        out.addAll(kept);
        int missing = count - kept.size();
        if (missing > 0) {
            log.info("the language model gave {} usable candidate(s); {} proposal(s) come from {}", valid.size(), missing, tpe.name());
            out.addAll(tpe.plan(context.withPending(kept.stream().map(p -> p.experiment().parameters()).toList()), missing)
                    .proposals());
        }
        return new PlanResult(out);
    }

    private PlanResult seed(PlanningContext context, int count, Deadline deadline) {
        int started = context.history().size() + context.pending().size();
        int fromModel = Math.max(0, Math.min(count, seedTrials - started));
        List<Planned> out = new ArrayList<>();
        List<Map<String, Object>> taken = new ArrayList<>();
        if (fromModel > 0) {
            for (Planned p : TimedPlanner.plan(model, context, fromModel, deadline).proposals()) {
                out.add(p);
                if (p.isAccepted()) {
                    taken.add(p.experiment().parameters());
                }
            }
        }
        int missing = count - taken.size();
        if (missing > 0) {
            out.addAll(tpe.plan(context.withPending(taken), missing).proposals());
        }
        return new PlanResult(out);
    }
}
