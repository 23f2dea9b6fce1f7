package io.nightshift.agent.planner;

import io.nightshift.plugin.PluginDescriptor;
import java.util.List;
import java.util.Map;

/**
 * Everything a planner may see. History carries validation objectives only: test metrics never
 * reach a planner, so the loop cannot tune itself to the test set.
 *
 * @param pending configurations approved or running but not finished; a planner treats them as taken
 */
public record PlanningContext(
        String question,
        PluginDescriptor plugin,
        List<PastTrial> history,
        List<Map<String, Object>> pending,
        int trialsLeft) {

    public PlanningContext {
        history = List.copyOf(history);
        pending = List.copyOf(pending);
    }

    /** A finished trial as a planner sees it. {@code objective} is NaN when the trial failed. */
    public record PastTrial(Map<String, Object> parameters, String status, double objective) {}
}
