package io.nightshift.agent.planner;

import java.util.List;
import java.util.Map;

/**
 * Scores candidate configurations by how promising they look given the history, higher is better.
 * TPE's acquisition (the ratio of the good and bad densities) is one; the hybrid planner uses it
 * to rank what a language model proposes.
 */
public interface CandidateRanker {

    /** One score per candidate, in order; candidates are valid configurations of the context's search space. */
    double[] score(PlanningContext context, List<Map<String, Object>> candidates);
}
