package io.nightshift.agent.study.findings;

import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Findings of an optimisation:
 * <ul>
 *   <li>the best configuration: the best mean over its seeds among the configurations run under two or more seeds
 *       (a single run is never the answer while replicated ones exist: its value may be one lucky seed);</li>
 *   <li>whether it beats the runners-up (the other replicated configurations, up to {@value #MAX_RUNNERS_UP})
 *       beyond the seed-to-seed noise: Welch's interval for each difference, 95% Bonferroni-adjusted over the
 *       comparisons; if it beats none, the best few are reported as indistinguishable at this budget;</li>
 *   <li>parameter importance: for each parameter that varied, ε² (epsilon squared) of its main effect over all
 *       runs, {@code (SS_between - (k - 1) MS_within) / SS_total}, with its categories, or up to
 *       {@value #BINS} equal-count bins of its values, as the k groups (a run without the parameter, inactive by a
 *       condition, is a group of its own); clipped at 0 and normalised to sum to 1 across parameters. It is the
 *       share of the objective's variance each parameter explains on its own, less what chance alone would
 *       explain with that many groups; interactions are not credited to either parameter.</li>
 * </ul>
 */
final class OptimiseFindings {

    static final int MAX_RUNNERS_UP = 4;
    static final int BINS = 5;
    static final int MIN_RUNS_FOR_IMPORTANCE = 8;

    private OptimiseFindings() {
    }

    static List<Finding.New> write(StudyDesign.Optimise design, Study study, List<Observation> observations) {
        List<Configuration> configurations = Configuration.group(observations);
        List<Finding.New> findings = new ArrayList<>();
        if (configurations.isEmpty()) {
            findings.add(new Statement(0).say("No trial completed, so nothing was found.").build("best"));
            return findings;
        }
        int decimals = Num.decimalsFor(configurations.stream().map(c -> c.summary().mean()).toList(),
                configurations.stream().map(c -> c.summary().sd()).toList());
        List<Configuration> replicated = configurations.stream().filter(c -> c.n() >= 2)
                .sorted(study.bestMeanFirst()).toList();
        Set<String> fixed = design.fixed().keySet();
        Configuration best = replicated.isEmpty()
                ? configurations.stream().sorted(study.bestMeanFirst()).findFirst().orElseThrow()
                : replicated.get(0);
        findings.add(best(study, decimals, best, observations, fixed, !replicated.isEmpty()));
        findings.add(runnersUp(study, decimals, best, replicated, fixed));
        importance(design, study, configurations).ifPresent(findings::add);
        return findings;
    }

    private static Finding.New best(Study study, int decimals, Configuration best, List<Observation> observations,
            Set<String> fixed, boolean replicated) {
        Statement s = new Statement(decimals).say("Best configuration: ").params("best", best.params(), fixed)
                .say(": " + study.metric() + " ");
        Stats.Summary sum = best.summary();
        if (replicated) {
            s.meanSd("best", sum).say(" (mean ± sd over ").plain("best.n", sum.n()).say(" seeds; ")
                    .trials(best.trialIds()).say(").");
        } else {
            s.value("best.mean", sum.mean()).say(" from a single run (").trials(best.trialIds())
                    .say("); no configuration was re-run under other seeds, so its seed-to-seed spread is unknown and"
                            + " the value may be one lucky seed.");
        }
        // The best single run: within the best configuration it is its luckiest seed; elsewhere, an unconfirmed run.
        Observation top = observations.stream().filter(o -> Double.isFinite(o.value()))
                .sorted(Comparator.comparing(Observation::value, study.bestFirst())
                        .thenComparingLong(Observation::trialId))
                .findFirst().orElseThrow();
        if (replicated && best.trialIds().contains(top.trialId())) {
            s.say(" Its best seed reached ").value("best_run", top.value()).say(" (").trials(List.of(top.trialId()))
                    .say("); the mean over its seeds is what counts.");
        } else if (replicated && study.isBetter(top.value(), sum.mean())) {
            Configuration owner = Configuration.group(observations).stream()
                    .filter(c -> c.trialIds().contains(top.trialId())).findFirst().orElse(null);
            if (owner != null && owner.n() == 1) {
                s.say(" A single run scored better, ").value("best_run", top.value()).say(" (")
                        .trials(List.of(top.trialId()))
                        .say("), but it was not re-run under other seeds, so it is not counted as the best.");
            }
        }
        return s.build("best");
    }

    private static Finding.New runnersUp(Study study, int decimals, Configuration best, List<Configuration> replicated,
            Set<String> fixed) {
        Statement s = new Statement(decimals);
        if (replicated.size() < 2) {
            return s.say(replicated.isEmpty()
                            ? "No configuration ran under several seeds, so the best cannot be told apart from the others"
                            + " beyond the seed-to-seed noise."
                            : "Only one configuration ran under several seeds, so the best cannot be compared with the"
                            + " runners-up beyond the seed-to-seed noise.")
                    .build("noise");
        }
        List<Configuration> others = replicated.subList(1, Math.min(replicated.size(), MAX_RUNNERS_UP + 1));
        int comparisons = others.size();
        double level = 1 - 0.05 / comparisons;
        List<Stats.Interval> intervals = new ArrayList<>();
        for (Configuration o : others) {
            intervals.add(Stats.welch(best.summary(), o.summary(), level).orElseThrow());
        }
        long beaten = intervals.stream().filter(Stats.Interval::excludesZero).count();
        s.cite(best.trialIds());
        if (beaten == 0) {
            s.say("The best ").plain("configurations", comparisons + 1)
                    .say(" configurations are indistinguishable at this budget: the best one's lead is inside the"
                            + " seed-to-seed noise, so it is no finding that it is better. ");
        } else if (beaten == comparisons) {
            s.say("The best configuration beats ").say(comparisons == 1 ? "the runner-up" : "each runner-up")
                    .say(" beyond the seed-to-seed noise. ");
        } else {
            s.say("The best configuration beats some runners-up beyond the seed-to-seed noise, but not all. ");
        }
        s.say("Mean of the best minus mean of each runner-up (");
        CompareFindings.confidence(s, comparisons, level);
        s.say(", Welch t): ");
        for (int i = 0; i < others.size(); i++) {
            Configuration o = others.get(i);
            Stats.Interval ci = intervals.get(i);
            String r = "runner_up[" + (i + 1) + "]";
            s.say(i == 0 ? "" : "; ").params(r, o.params(), fixed).say(" (").meanSd(r, o.summary()).say(", n=")
                    .plain(r + ".n", o.n()).say("): ").value(r + ".difference", ci.difference())
                    .say(" [").value(r + ".low", ci.low()).say(", ").value(r + ".high", ci.high()).say("]")
                    .say(ci.excludesZero() ? ", beaten" : ", not distinguishable");
            s.cite(o.trialIds());
        }
        s.say(".");
        return s.build(beaten == 0 ? "noise" : "verdict");
    }

    /** ε² of each varying parameter's main effect; empty when there are too few runs. */
    static Optional<Finding.New> importance(StudyDesign.Optimise design, Study study, List<Configuration> configurations) {
        List<Observation> runs = configurations.stream().flatMap(c -> c.runs().stream()).toList();
        if (runs.size() < MIN_RUNS_FOR_IMPORTANCE) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(o -> names.addAll(o.params().keySet()));
        names.removeAll(design.fixed().keySet());
        double[] y = runs.stream().mapToDouble(Observation::value).toArray();
        Map<String, Double> epsilon = new LinkedHashMap<>();
        for (String name : names) {
            int[] groups = groups(runs, name);
            int k = 0;
            for (int g : groups) {
                k = Math.max(k, g + 1);
            }
            if (k < 2) {
                continue; // did not vary
            }
            epsilon.put(name, epsilonSquared(y, groups, k));
        }
        if (epsilon.isEmpty()) {
            return Optional.empty();
        }
        double total = epsilon.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(epsilon.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Statement s = new Statement(2).say("Parameter importance for " + study.metric() + " (ε²: the share of the"
                        + " variance across ").plain("runs", runs.size()).say(" runs explained by each parameter's main"
                        + " effect over its categories or up to ").plain("bins", BINS).say(" equal-count bins of its"
                        + " values, less what chance would explain; normalised to sum to 1): ");
        if (total <= 0) {
            s.say("no parameter explains more of the variance than chance would.");
        } else {
            for (int i = 0; i < ranked.size(); i++) {
                String name = ranked.get(i).getKey();
                s.say(i == 0 ? "" : ", ").say(name + " ").fixed("importance[" + name + "]", ranked.get(i).getValue() / total, 2);
            }
            s.say(". Together the main effects explain ").fixed("explained", Math.min(1, total), 2)
                    .say(" of the variance; what they leave is interactions and seed noise.");
        }
        runs.forEach(o -> s.cite(List.of(o.trialId())));
        ranked.forEach(e -> s.num("epsilon_squared[" + e.getKey() + "]", e.getValue(), ""));
        return Optional.of(s.build("importance"));
    }

    /** Each run's group for the parameter: its category, or its equal-count bin; absent is a group of its own. */
    static int[] groups(List<Observation> runs, String name) {
        int n = runs.size();
        int[] groups = new int[n];
        List<Object> values = runs.stream().map(o -> o.params().get(name)).toList();
        boolean numeric = values.stream().allMatch(v -> v == null || v instanceof Number);
        List<Double> present = !numeric ? List.of()
                : values.stream().filter(v -> v != null).map(v -> ((Number) v).doubleValue()).sorted().toList();
        long distinct = values.stream().filter(v -> v != null).map(Num::key).distinct().count();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object v = values.get(i);
            String key;
            if (v == null) {
                key = "absent";
            } else if (numeric && distinct > BINS) {
                // Equal-count bins by rank: runs with equal values share a bin.
                double d = ((Number) v).doubleValue();
                int below = 0;
                while (below < present.size() && present.get(below) < d) {
                    below++;
                }
                key = "bin" + Math.min(BINS - 1, below * BINS / present.size());
            } else {
                key = Num.key(v);
            }
            groups[i] = ids.computeIfAbsent(key, x -> ids.size());
        }
        return groups;
    }

    /** (SS_between - (k - 1) MS_within) / SS_total, clipped at 0; 0 when nothing varies. */
    static double epsilonSquared(double[] y, int[] groups, int k) {
        int n = y.length;
        double grand = 0;
        for (double v : y) {
            grand += v;
        }
        grand /= n;
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            sum[groups[i]] += y[i];
            count[groups[i]]++;
        }
        double total = 0;
        double within = 0;
        for (int i = 0; i < n; i++) {
            total += (y[i] - grand) * (y[i] - grand);
            double mean = sum[groups[i]] / count[groups[i]];
            within += (y[i] - mean) * (y[i] - mean);
        }
        if (total == 0 || n - k < 1) {
            return 0;
        }
        double between = total - within;
        double msWithin = within / (n - k);
        return Math.max(0, (between - (k - 1) * msWithin) / total);
    }
}
