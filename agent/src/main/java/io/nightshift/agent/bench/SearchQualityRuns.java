package io.nightshift.agent.bench;

import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.agent.planner.tpe.TpePlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

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

    /**
     * How proposals are asked. A batch ({@code async} false): {@code size} asked, then all told. Workers
     * ({@code async} true): as the loop asks with {@code size} worker slots, the first {@code size} asked at
     * once, then one each time the oldest pending trial ends, with the other {@code size - 1} pending.
     */
    public record Mode(int size, boolean async) {

        public static final Mode ONE_AT_A_TIME = new Mode(1, false);

        /** "4" for a batch of 4, "w4" for 4 workers (the key of Optuna's runs in its results file, too). */
        public String label() {
            return (async ? "w" : "") + size;
        }

        public String describe() {
            return async ? size + " workers" : size == 1 ? "one at a time" : "batches of " + size;
        }
    }

    /** Runs a planner on a function, proposals asked as {@code mode} says; trials are counted as they end. */
    public static Run run(BenchFunctions.TestFunction f, String plannerName, long seed, int trials, Mode mode) {
        return run(f, callSeed -> plannerName.equals("random") ? new RandomPlanner(callSeed)
                : new TpePlanner(callSeed, TpeVariants.settings(plannerName)), seed, trials, mode);
    }

    /** The same with planners made by {@code planners} from a seed (a fresh one per call, as the loop makes them). */
    public static Run run(BenchFunctions.TestFunction f, LongFunction<Planner> planners, long seed, int trials, Mode mode) {
        PluginDescriptor plugin = new PluginDescriptor("bench-" + f.name(), f.name(), null, f.space(),
                Objective.minimize("value"), List.of());
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        double[] values = new double[trials];
        String[] keys = new String[trials];
        Set<Map<String, Object>> seen = new HashSet<>();
        Deque<Map<String, Object>> pending = new ArrayDeque<>();
        int repeats = 0;
        int asked = 0;
        int t = 0;
        while (t < trials) {
            int want = Math.min(mode.size() - pending.size(), trials - asked);
            if (want > 0) {
                long callSeed = seed * 1_000_003L + asked;
                Planner planner = planners.apply(callSeed);
                PlanningContext context = new PlanningContext("bench", plugin, history, List.copyOf(pending), trials - asked);
                List<ProposedExperiment> proposed = planner.propose(context, want);
                if (proposed.size() != want) {
                    throw new IllegalStateException(planner.name() + " proposed " + proposed.size() + " of " + want
                            + " at trial " + asked);
                }
                for (ProposedExperiment p : proposed) {
                    Map<String, Object> params = f.space().validate(p.parameters());
                    if (!seen.add(params)) {
                        repeats++;
                    }
                    pending.add(params);
                }
                asked += want;
            }
            // A batch ends all at once; with workers, the oldest pending trial ends and a slot is free again.
            int ending = mode.async() ? 1 : pending.size();
            for (int i = 0; i < ending; i++) {
                Map<String, Object> params = pending.poll();
                double value = f.f().applyAsDouble(params);
                history.add(new PlanningContext.PastTrial(params, "COMPLETED", value));
                values[t] = value;
                keys[t] = f.key() == null ? null : String.valueOf(params.get(f.key()));
                t++;
            }
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
