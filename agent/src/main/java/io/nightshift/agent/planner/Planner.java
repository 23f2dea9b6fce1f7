package io.nightshift.agent.planner;

import java.util.List;

/**
 * Proposes the next experiments for a research question. Random and grid are baselines; TPE and
 * language-model planners implement the same interface. A planner never runs anything: what it
 * returns is validated against the search space, stored, reviewed, and only then scheduled.
 */
public interface Planner {

    /** Short name stored with every proposal it makes, e.g. {@code random}. */
    String name();

    /**
     * @param context the question, the plugin, the history so far (validation metrics only) and the budget left
     * @param count   how many proposals are wanted now; fewer may be returned when the space is exhausted
     */
    List<ProposedExperiment> propose(PlanningContext context, int count);

    /**
     * A planning round as the loop runs it. The default wraps {@link #propose} (all accepted, under
     * {@link #name()}); a planner that checks its own candidates (the language-model planner) returns
     * the rejected ones too, with reasons, and may include proposals made by its fallback planner under
     * that planner's name. The loop stores every entry and still validates the accepted ones.
     */
    default PlanResult plan(PlanningContext context, int count) {
        return PlanResult.accepted(name(), propose(context, count));
    }
}
