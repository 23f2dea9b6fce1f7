package io.nightshift.agent.study.findings;

import io.nightshift.plugin.Objective;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * One configuration of a study (the same parameters) with its runs, one per seed. Results are
 * always reported this way: a configuration's mean and spread over its seeds, never a single lucky run.
 *
 * @param runs in trial order; at most one per seed (a second completed trial with a seed already counted, such
 *             as a re-run of an interrupted proposal, would count the same training twice)
 */
record Configuration(String cell, Map<String, Object> params, List<Observation> runs) {

    Configuration {
        runs = List.copyOf(runs);
    }

    Stats.Summary summary() {
        return Stats.Summary.of(values());
    }

    List<Double> values() {
        return runs.stream().map(Observation::value).toList();
    }

    List<Long> trialIds() {
        return runs.stream().map(Observation::trialId).toList();
    }

    int n() {
        return runs.size();
    }

    /**
     * Groups by configuration, in the order each was first run; NaN values are left out. Cells are not part of the
     * key (callers split by arm or point first), so a re-run placed in another cell still counts as a replicate.
     */
    static List<Configuration> group(List<Observation> observations) {
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparingLong(Observation::trialId));
        Map<String, List<Observation>> byKey = new LinkedHashMap<>();
        Map<String, Set<Long>> seeds = new LinkedHashMap<>();
        for (Observation o : sorted) {
            if (!Double.isFinite(o.value())) {
                continue;
            }
            String key = key(o.params());
            if (seeds.computeIfAbsent(key, k -> new HashSet<>()).add(o.seed())) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
            }
        }
        List<Configuration> configurations = new ArrayList<>();
        for (List<Observation> runs : byKey.values()) {
            configurations.add(new Configuration(runs.get(0).cell(), runs.get(0).params(), runs));
        }
        return configurations;
    }

    static String key(Map<String, Object> params) {
        Map<String, String> canonical = new TreeMap<>();
        params.forEach((k, v) -> canonical.put(k, Num.key(v)));
        return canonical.toString();
    }

    /**
     * The configuration that stands for a cell: the one run under the most seeds (the design re-runs the
     * configuration it reports on), ties broken by the better mean, then by the earlier run.
     */
    static Configuration reported(List<Configuration> candidates, Objective objective) {
        Comparator<Configuration> byMean = Comparator.comparingDouble(c -> c.summary().mean());
        if (objective.direction() == Objective.Direction.MAXIMIZE) {
            byMean = byMean.reversed();
        }
        return candidates.stream()
                .sorted(Comparator.comparingInt(Configuration::n).reversed().thenComparing(byMean))
                .findFirst().orElseThrow();
    }

    /** "lr=0.01, width=64"; only the parameters not in {@code leaveOut}. */
    String describe(Set<String> leaveOut) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> {
            if (!leaveOut.contains(k)) {
                parts.add(k + "=" + Num.value(v));
            }
        });
        return String.join(", ", parts);
    }
}
