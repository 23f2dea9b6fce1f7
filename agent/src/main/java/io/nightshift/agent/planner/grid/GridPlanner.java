package io.nightshift.agent.planner.grid;

import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.SpaceEncoding;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grid search, a baseline: the Cartesian product of every categorical's choices, every integer
 * (or {@code pointsPerAxis} evenly spaced ones when the range is wider than {@code maxIntLevels}),
 * and {@code pointsPerAxis} evenly spaced points per float (geometrically spaced when log-scaled).
 * A conditional parameter is only expanded where it is active. Configurations already tried or
 * pending are skipped, so successive calls walk the grid in a fixed order; when it is exhausted,
 * fewer proposals (or none) come back.
 */
public final class GridPlanner implements Planner {

    public static final int DEFAULT_POINTS_PER_AXIS = 5;
    public static final int DEFAULT_MAX_INT_LEVELS = 10;

    private final int pointsPerAxis;
    private final int maxIntLevels;

    /** The seed is unused: the grid's order is fixed. */
    public GridPlanner(long seed) {
        this(DEFAULT_POINTS_PER_AXIS, DEFAULT_MAX_INT_LEVELS);
    }

    public GridPlanner(int pointsPerAxis, int maxIntLevels) {
        if (pointsPerAxis < 1 || maxIntLevels < 1) {
            throw new IllegalArgumentException("grid points per axis and integer levels must be at least 1");
        }
        this.pointsPerAxis = pointsPerAxis;
        this.maxIntLevels = maxIntLevels;
    }

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public List<ProposedExperiment> propose(PlanningContext context, int count) {
        SearchSpace space = context.plugin().searchSpace();
        SpaceEncoding enc = new SpaceEncoding(space);
        Set<SpaceEncoding.Key> taken = enc.taken(context);
        List<List<Object>> levels = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            levels.add(levels(p));
        }
        List<ProposedExperiment> out = new ArrayList<>();
        walk(space, enc, levels, 0, new LinkedHashMap<>(), taken, count, out);
        return out;
    }

    /** Depth-first over the parameters in declaration order; stops once {@code count} are found. */
    private static void walk(SearchSpace space, SpaceEncoding enc, List<List<Object>> levels, int d,
            Map<String, Object> values, Set<SpaceEncoding.Key> taken, int count, List<ProposedExperiment> out) {
        if (out.size() >= count) {
            return;
        }
        if (d == levels.size()) {
            SpaceEncoding.Key key = enc.key(values);
            if (taken.add(key)) {
                out.add(new ProposedExperiment(new LinkedHashMap<>(values), "grid point", ""));
            }
            return;
        }
        Parameter p = space.parameters().get(d);
        if (!SearchSpace.isActive(p, values)) {
            walk(space, enc, levels, d + 1, values, taken, count, out);
            return;
        }
        for (Object level : levels.get(d)) {
            values.put(p.name(), level);
            walk(space, enc, levels, d + 1, values, taken, count, out);
            values.remove(p.name());
            if (out.size() >= count) {
                return;
            }
        }
    }

    List<Object> levels(Parameter p) {
        List<Object> out = new ArrayList<>();
        if (p instanceof Parameter.CategoricalParameter c) {
            out.addAll(c.choices());
        } else if (p instanceof Parameter.IntParameter i) {
            if ((long) i.high() - i.low() + 1 <= maxIntLevels) {
                for (int v = i.low(); v <= i.high(); v++) {
                    out.add(v);
                }
            } else {
                for (double x : spaced(i.low(), i.high(), i.log())) {
                    Integer v = (int) Math.max(i.low(), Math.min(i.high(), Math.round(x)));
                    if (!out.contains(v)) {
                        out.add(v);
                    }
                }
            }
        } else {
            Parameter.FloatParameter f = (Parameter.FloatParameter) p;
            for (double x : spaced(f.low(), f.high(), f.log())) {
                out.add(Math.max(f.low(), Math.min(f.high(), x)));
            }
        }
        return out;
    }

    private double[] spaced(double low, double high, boolean log) {
        int n = pointsPerAxis;
        double[] out = new double[n];
        double a = log ? Math.log(low) : low;
        double b = log ? Math.log(high) : high;
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? 0.5 : (double) i / (n - 1);
            double x = a + t * (b - a);
            // Ten significant digits: 1e-3, not 0.0010000000000000002.
            out[i] = new java.math.BigDecimal(log ? Math.exp(x) : x)
                    .round(new java.math.MathContext(10)).doubleValue();
        }
        if (n > 1) {
            out[0] = low;
            out[n - 1] = high;
        }
        return out;
    }
}
