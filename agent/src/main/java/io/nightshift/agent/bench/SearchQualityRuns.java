package io.nightshift.agent.bench;

import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.agent.planner.tpe.TpePlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs behind {@code bench search-quality}: a planner driven on a {@link BenchFunctions} function as the
 * loop drives it (a fresh planner per call, seeded per call; a batch asked, then all of it told), and the
 * summaries the command prints from them.
 */
public final class SearchQualityRuns {

    private SearchQualityRuns() {}

    /** One run: the objective and the key categorical's value of every trial, in order; repeated proposals. */
    public record Run(double[] values, String[] keys, int repeats) {

        public double best(int trials) {
            double b = Double.POSITIVE_INFINITY;
            for (int i = 0; i < Math.min(trials, values.length); i++) {
                b = Math.min(b, values[i]);
            }
            return b;
        }

        /** The key categorical's value in the best of the first {@code trials} trials (the earliest on a tie). */
        public String keyOfBest(int trials) {
            int at = 0;
            for (int i = 1; i < Math.min(trials, values.length); i++) {
                if (values[i] < values[at]) {
                    at = i;
                }
            }
            return keys[at];
        }

        /** Share of the commonest key value among the last {@code window} trials. */
        public double topShare(int window) {
            Map<String, Integer> counts = new HashMap<>();
            int from = Math.max(0, keys.length - window);
            int top = 0;
            for (int i = from; i < keys.length; i++) {
                top = Math.max(top, counts.merge(String.valueOf(keys[i]), 1, Integer::sum));
            }
            return keys.length == from ? Double.NaN : (double) top / (keys.length - from);
        }
    }

    /** Runs a planner on a function, proposals asked {@code batch} at a time as the loop asks for them. */
    public static Run run(BenchFunctions.TestFunction f, String plannerName, long seed, int trials, int batch) {
        PluginDescriptor plugin = new PluginDescriptor("bench-" + f.name(), f.name(), null, f.space(),
                Objective.minimize("value"), List.of());
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        double[] values = new double[trials];
        String[] keys = new String[trials];
        Set<Map<String, Object>> seen = new HashSet<>();
        int repeats = 0;
        int t = 0;
        while (t < trials) {
            int want = Math.min(batch, trials - t);
            long callSeed = seed * 1_000_003L + t;
            Planner planner = plannerName.equals("random") ? new RandomPlanner(callSeed)
                    : new TpePlanner(callSeed, TpeVariants.settings(plannerName));
            PlanningContext context = new PlanningContext("bench", plugin, history, List.of(), trials - t);
            List<ProposedExperiment> proposed = planner.propose(context, want);
            if (proposed.size() != want) {
                throw new IllegalStateException(plannerName + " proposed " + proposed.size() + " of " + want + " at trial " + t);
            }
            List<PlanningContext.PastTrial> told = new ArrayList<>();
            for (ProposedExperiment p : proposed) {
                Map<String, Object> params = f.space().validate(p.parameters());
                if (!seen.add(params)) {
                    repeats++;
                }
                double value = f.f().applyAsDouble(params);
                told.add(new PlanningContext.PastTrial(params, "COMPLETED", value));
                values[t] = value;
                keys[t] = f.key() == null ? null : String.valueOf(params.get(f.key()));
                t++;
            }
            history.addAll(told);
        }
        return new Run(values, keys, repeats);
    }

    /** median(a − optimum) / median(b − optimum): below 1 when a gets closer. */
    public static double regretRatio(double[] a, double[] b, double optimum) {
        double ra = median(Arrays.stream(a).map(v -> v - optimum).toArray());
        double rb = median(Arrays.stream(b).map(v -> v - optimum).toArray());
        return rb <= 0 ? (ra <= 0 ? 1.0 : Double.POSITIVE_INFINITY) : ra / rb;
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
