package io.nightshift.agent.study;

import io.nightshift.agent.planner.PlanResult;
import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a study design into experiments, a few at a time, from what the question has proposed and found so far:
 *
 * <ul>
 *   <li>fixed arms or sweep points: every cell's configuration once per seed, seed by seed across the cells, so
 *       that a study cut short is still balanced. Replicate r of every cell runs under the same seed (a paired
 *       design: arms differ in what they set, not in their luck);</li>
 *   <li>tuned arms or points: {@code tuneTrials} experiments per cell from the question's planner, searching the
 *       parameters nobody pinned, then the cell's best configuration under the remaining seeds;</li>
 *   <li>optimise: the planner searches what the pins leave open, then the best {@code confirmTop} configurations
 *       run again under other seeds, in at most a third of the budget, so that the answer is not one lucky seed.</li>
 * </ul>
 *
 * A planner never touches the store: this class reads the question's proposals as given and returns proposals.
 */
public final class StudyPlanner {

    /** The name design-made proposals are stored under. */
    public static final String NAME = "design";

    private final StudyDesign design;
    private final PluginDescriptor plugin;
    private final long questionSeed;

    /** A proposal of the question as this planner needs it: finished or not, and its objective when completed. */
    public record Entry(Proposal proposal, boolean finished, double value) {}

    /**
     * One experiment to propose, with its place in the design.
     *
     * @param rejectedBecause why the planner that made it refused it (it is stored as rejected); null when accepted
     */
    public record Experiment(Map<String, Object> params, Placement placement, String rationale, String hypothesis,
                             String planner, String rejectedBecause) {

        Experiment(Map<String, Object> params, Placement placement, String rationale, String hypothesis,
                   String planner) {
            this(params, placement, rationale, hypothesis, planner, null);
        }

        public boolean accepted() {
            return rejectedBecause == null;
        }
    }

    /** One cell of a compare or sweep: a name and what it pins besides the design's fixed parameters. */
    record Cell(String name, Map<String, Object> params) {}

    public StudyPlanner(StudyDesign design, PluginDescriptor plugin, long questionSeed) {
        this.design = Objects.requireNonNull(design, "design");
        this.plugin = plugin;
        this.questionSeed = questionSeed;
    }

    public StudyDesign design() {
        return design;
    }

    /** Experiments the study runs in all: the question's own budget for optimise, what the design needs otherwise. */
    public static int budget(StudyDesign design, int maxTrials) {
        if (design instanceof StudyDesign.Optimise) {
            return maxTrials;
        }
        int cells = cells(design).size();
        int tune = tuneTrials(design);
        return cells * (tune > 0 ? tune + design.seeds() - 1 : design.seeds());
    }

    /** The seed of replicate {@code r}: the same in every cell. */
    long replicateSeed(int replicate) {
        long z = questionSeed * 0x9E3779B97F4A7C15L + (replicate + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    /**
     * @param entries   the question's proposals so far with their outcomes
     * @param count     experiments wanted now
     * @param tuner     the question's planner, for what the design leaves to search
     * @param context   the question's full planning context (history, rejections, budget)
     * @param maxTrials the question's budget
     */
    public List<Experiment> next(List<Entry> entries, int count, Planner tuner, PlanningContext context, int maxTrials) {
        if (count <= 0) {
            return List.of();
        }
        if (design instanceof StudyDesign.Optimise o) {
            return optimise(o, entries, count, tuner, context, maxTrials);
        }
        return tuneTrials(design) > 0 ? tunedCells(entries, count, tuner, context) : fixedCells(entries, count);
    }

    private List<Experiment> fixedCells(List<Entry> entries, int count) {
        List<Experiment> out = new ArrayList<>();
        List<Cell> cells = cells(design);
        for (int r = 0; r < design.seeds() && out.size() < count; r++) {
            for (Cell cell : cells) {
                if (out.size() >= count) {
                    break;
                }
                if (proposed(entries, cell.name(), r)) {
                    continue;
                }
                Map<String, Object> params = plugin.searchSpace().complete(pins(cell));
                out.add(new Experiment(params, new Placement(cell.name(), r, replicateSeed(r)),
                        "run " + (r + 1) + " of " + design.seeds() + " of " + cell.name() + ", as the "
                                + design.kind() + " design asks", "", NAME));
            }
        }
        return out;
    }

    private List<Experiment> tunedCells(List<Entry> entries, int count, Planner tuner, PlanningContext context) {
        List<Experiment> out = new ArrayList<>();
        int tune = tuneTrials(design);
        for (Cell cell : cells(design)) {
            if (out.size() >= count) {
                break;
            }
            List<Entry> tuning = entries.stream().filter(e -> cell.name().equals(e.proposal().placement().cell())
                    && e.proposal().placement().replicate() == 0 && !rejected(e)).toList();
            if (tuning.size() < tune) {
                int wanted = Math.min(count - out.size(), tune - tuning.size());
                PlanningContext cellContext = cellContext(context, cell, tuning, tune - tuning.size());
                out.addAll(plan(tuner, cellContext, wanted, new Placement(cell.name(), 0, null)));
                continue;
            }
            if (tuning.stream().anyMatch(e -> !e.finished())) {
                continue; // its best configuration is not known yet
            }
            best(tuning, 1).stream().findFirst().ifPresent(best -> {
                for (int r = 1; r < design.seeds() && out.size() < count; r++) {
                    if (!proposed(entries, cell.name(), r)) {
                        out.add(new Experiment(best.proposal().params(), new Placement(cell.name(), r, replicateSeed(r)),
                                "run " + (r + 1) + " of " + design.seeds() + " of the best configuration found for "
                                        + cell.name(), "", NAME));
                    }
                }
            });
        }
        return out;
    }

    private List<Experiment> optimise(StudyDesign.Optimise o, List<Entry> entries, int count, Planner tuner,
                                      PlanningContext context, int maxTrials) {
        Confirmation confirm = Confirmation.within(o.confirmTop(), o.seeds(), maxTrials);
        int searchBudget = maxTrials - confirm.trials();
        List<Entry> search = entries.stream().filter(e -> e.proposal().placement().replicate() == 0 && !rejected(e))
                .toList();
        List<Experiment> out = new ArrayList<>();
        if (search.size() < searchBudget) {
            int wanted = Math.min(count, searchBudget - search.size());
            PlanningContext pinned = withSpace(context, pinnedSpace(plugin.searchSpace(), o.fixed()),
                    searchBudget - search.size());
            out.addAll(plan(tuner, pinned, wanted, Placement.NONE));
            return out;
        }
        if (confirm.top() == 0 || search.stream().anyMatch(e -> !e.finished())) {
            return out;
        }
        for (Entry best : best(search, confirm.top())) {
            for (int r = 1; r < confirm.seeds() && out.size() < count; r++) {
                int replicate = r;
                boolean done = entries.stream().anyMatch(e -> e.proposal().placement().replicate() == replicate
                        && e.proposal().params().equals(best.proposal().params()));
                if (!done) {
                    out.add(new Experiment(best.proposal().params(), new Placement(null, r, replicateSeed(r)),
                            "run " + (r + 1) + " of " + confirm.seeds() + " of one of the " + confirm.top()
                                    + " best configurations, so that its result is not one lucky seed", "", NAME));
                }
            }
        }
        return out;
    }

    /**
     * How many of the best configurations an optimise study re-runs, and under how many seeds in all: as the
     * design asks, cut down (fewer configurations first, then fewer seeds) to a third of the budget.
     */
    record Confirmation(int top, int seeds) {
        static Confirmation within(int top, int seeds, int maxTrials) {
            int share = maxTrials / 3;
            int k = top;
            int s = seeds;
            while (k > 0 && k * (s - 1) > share) {
                if (k > 1) {
                    k--;
                } else {
                    s--;
                }
                if (s <= 1) {
                    return new Confirmation(0, 1);
                }
            }
            return s <= 1 ? new Confirmation(0, 1) : new Confirmation(k, s);
        }

        int trials() {
            return top * (seeds - 1);
        }
    }

    private List<Entry> best(List<Entry> entries, int k) {
        Objective objective = plugin.objective();
        Comparator<Entry> better = (a, b) -> objective.isBetter(a.value(), b.value()) ? -1
                : objective.isBetter(b.value(), a.value()) ? 1 : 0;
        List<Entry> ranked = new ArrayList<>(entries.stream().filter(e -> !Double.isNaN(e.value())).toList());
        ranked.sort(better);
        List<Entry> distinct = new ArrayList<>();
        for (Entry e : ranked) {
            if (distinct.size() < k && distinct.stream().noneMatch(d -> d.proposal().params().equals(e.proposal().params()))) {
                distinct.add(e);
            }
        }
        return distinct;
    }

    /** The tuner's round, its refusals included (they are stored with their reasons, and it learns from them). */
    private static List<Experiment> plan(Planner tuner, PlanningContext context, int count, Placement placement) {
        List<Experiment> out = new ArrayList<>();
        for (PlanResult.Planned planned : tuner.plan(context, count).proposals()) {
            ProposedExperiment e = planned.experiment();
            out.add(new Experiment(e.parameters(), placement, e.rationale(), e.hypothesis(), planned.planner(),
                    planned.rejectedBecause()));
        }
        return out;
    }

    private PlanningContext cellContext(PlanningContext context, Cell cell, List<Entry> tuning, int left) {
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        for (Entry e : tuning) {
            if (e.finished()) {
                history.add(new PlanningContext.PastTrial(e.proposal().params(),
                        Double.isNaN(e.value()) ? "FAILED" : "COMPLETED", e.value()));
            } else {
                pending.add(e.proposal().params());
            }
        }
        PluginDescriptor sub = descriptor(pinnedSpace(plugin.searchSpace(), pins(cell)));
        return new PlanningContext(context.questionId(), context.question() + " [" + cell.name() + "]", sub, history,
                pending, context.rejected(), left);
    }

    private PlanningContext withSpace(PlanningContext context, SearchSpace space, int left) {
        return new PlanningContext(context.questionId(), context.question(), descriptor(space), context.history(),
                context.pending(), context.rejected(), left);
    }

    private PluginDescriptor descriptor(SearchSpace space) {
        return new PluginDescriptor(plugin.id(), plugin.description(), plugin.modelBrief(), space, plugin.objective(),
                plugin.suggestedQuestions());
    }

    /** The space with every pinned parameter reduced to its one value, so that a planner can only keep it. */
    static SearchSpace pinnedSpace(SearchSpace space, Map<String, Object> pins) {
        if (pins.isEmpty()) {
            return space;
        }
        List<Parameter> parameters = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            if (pins.containsKey(p.name())) {
                Parameter.CategoricalParameter one = new Parameter.CategoricalParameter(p.name(), List.of(pins.get(p.name())));
                parameters.add(p.condition() == null ? one : one.when(p.condition()));
            } else {
                parameters.add(p);
            }
        }
        return new SearchSpace(parameters);
    }

    private Map<String, Object> pins(Cell cell) {
        Map<String, Object> pins = new LinkedHashMap<>(design.fixed());
        pins.putAll(cell.params());
        return pins;
    }

    private static boolean rejected(Entry e) {
        return e.proposal().status() == ProposalStatus.REJECTED;
    }

    /** Whether that run of the cell was proposed, whatever became of it: a person's rejection is final. */
    private static boolean proposed(List<Entry> entries, String cell, int replicate) {
        return entries.stream().anyMatch(e -> cell.equals(e.proposal().placement().cell())
                && e.proposal().placement().replicate() == replicate);
    }

    static List<Cell> cells(StudyDesign design) {
        List<Cell> cells = new ArrayList<>();
        if (design instanceof StudyDesign.Compare c) {
            c.arms().forEach(arm -> cells.add(new Cell(arm.name(), arm.params())));
        } else if (design instanceof StudyDesign.Sweep s) {
            s.values().forEach(v -> cells.add(new Cell(s.factor() + "=" + v, Map.of(s.factor(), v))));
        }
        return cells;
    }

    private static int tuneTrials(StudyDesign design) {
        if (design instanceof StudyDesign.Compare c) {
            return c.tuneTrials();
        }
        return design instanceof StudyDesign.Sweep s ? s.tuneTrials() : 0;
    }
}
