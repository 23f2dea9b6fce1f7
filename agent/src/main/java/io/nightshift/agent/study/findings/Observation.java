package io.nightshift.agent.study.findings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One completed trial's objective value, as findings are computed from it.
 *
 * @param trialId the trial, cited as evidence
 * @param cell    the design cell of its proposal (an arm's name, a sweep point such as {@code bottleneck_width=8});
 *                null in a plain search
 * @param params  the configuration it ran
 * @param seed    the seed it ran under
 * @param value   its objective value
 */
public record Observation(long trialId, String cell, Map<String, Object> params, long seed, double value) {

    public Observation {
        // Order kept as stored, so that texts list parameters as the plugin declares them.
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
    }
}
