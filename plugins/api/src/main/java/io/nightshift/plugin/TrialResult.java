package io.nightshift.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The final metrics of a trial. Must contain the plugin's objective metric; usually also the test
 * metric (reported, never optimised) and figures such as parameter count and wall time.
 */
public record TrialResult(Map<String, Double> metrics) {

    public TrialResult {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("result has no metric '" + name + "' (has " + metrics.keySet() + ")");
        }
        return v;
    }
}
