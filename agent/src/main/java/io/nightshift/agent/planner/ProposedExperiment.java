package io.nightshift.agent.planner;

import java.util.Map;

/**
 * One experiment a planner wants to run. Rationale and hypothesis may be empty for classical
 * planners; a language model must give a falsifiable hypothesis.
 */
public record ProposedExperiment(Map<String, Object> parameters, String rationale, String hypothesis) {

    public ProposedExperiment {
        parameters = Map.copyOf(parameters);
        rationale = rationale == null ? "" : rationale;
        hypothesis = hypothesis == null ? "" : hypothesis;
    }
}
