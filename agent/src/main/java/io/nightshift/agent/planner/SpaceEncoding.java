package io.nightshift.agent.planner;

import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.SearchSpace;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A search space as flat arrays, for planners that compute: every configuration becomes a
 * {@code double[]} with one slot per declared parameter, NaN where the parameter is absent
 * (inactive, or a value the space does not accept). Floats are stored in their search scale
 * (the logarithm for log-scaled ones), integers likewise (the logarithm of the integer for log
 * ones) and categoricals as the index of the choice.
 */
public final class SpaceEncoding {

    public static final int FLOAT = 0;
    public static final int INT = 1;
    public static final int CATEGORICAL = 2;

    private final SearchSpace space;
    private final Parameter[] params;
    private final int dims;
    private final int[] kind;
    /** Bounds in the search scale; integers widened by half a step on each side. */
    private final double[] lo;
    private final double[] hi;
    private final boolean[] log;
    private final int[] choices;
    private final Map<String, Integer> index = new java.util.HashMap<>();

    public SpaceEncoding(SearchSpace space) {
        this.space = space;
        this.params = space.parameters().toArray(new Parameter[0]);
        this.dims = params.length;
        this.kind = new int[dims];
        this.lo = new double[dims];
        this.hi = new double[dims];
        this.log = new boolean[dims];
        this.choices = new int[dims];
        for (int d = 0; d < dims; d++) {
            Parameter p = params[d];
            index.put(p.name(), d);
            if (p instanceof Parameter.FloatParameter f) {
                kind[d] = FLOAT;
                log[d] = f.log();
                lo[d] = f.log() ? Math.log(f.low()) : f.low();
                hi[d] = f.log() ? Math.log(f.high()) : f.high();
            } else if (p instanceof Parameter.IntParameter i) {
                kind[d] = INT;
                log[d] = i.log();
                lo[d] = i.log() ? Math.log(i.low() - 0.5) : i.low() - 0.5;
                hi[d] = i.log() ? Math.log(i.high() + 0.5) : i.high() + 0.5;
            } else {
                kind[d] = CATEGORICAL;
                choices[d] = ((Parameter.CategoricalParameter) p).choices().size();
                lo[d] = 0;
                hi[d] = choices[d];
            }
        }
    }

    public SearchSpace space() {
        return space;
    }

    /** Number of declared parameters (slots of an encoded configuration). */
    public int dims() {
        return dims;
    }

    public Parameter param(int d) {
        return params[d];
    }

    /** {@link #FLOAT}, {@link #INT} or {@link #CATEGORICAL}. */
    public int kind(int d) {
        return kind[d];
    }

    /** Lower bound in the search scale (integers widened by half a step). */
    public double lo(int d) {
        return lo[d];
    }

    /** Upper bound in the search scale (integers widened by half a step). */
    public double hi(int d) {
        return hi[d];
    }

    public boolean log(int d) {
        return log[d];
    }

    /** Number of choices of a categorical (0 for the others). */
    public int choices(int d) {
        return choices[d];
    }

    /** The configuration as a vector; values that do not fit (or are missing) become NaN. */
    public double[] encode(Map<String, ?> config) {
        double[] x = new double[dims];
        for (int d = 0; d < dims; d++) {
            Object raw = config.get(params[d].name());
            x[d] = raw == null ? Double.NaN : encodeValue(d, raw);
        }
        return x;
    }

    public double encodeValue(int d, Object raw) {
        if (kind[d] == FLOAT && raw instanceof Double v) {
            // The common case (history read back from JSON), without the allocation of coerce.
            Parameter.FloatParameter f = (Parameter.FloatParameter) params[d];
            double x = v;
            return x >= f.low() && x <= f.high() ? (log[d] ? Math.log(x) : x) : Double.NaN;
        }
        if (kind[d] == INT && raw instanceof Integer v) {
            Parameter.IntParameter i = (Parameter.IntParameter) params[d];
            return v >= i.low() && v <= i.high() ? (log[d] ? Math.log(v) : v) : Double.NaN;
        }
        if (kind[d] == CATEGORICAL) {
            int at = ((Parameter.CategoricalParameter) params[d]).choices().indexOf(raw);
            if (at >= 0) {
                return at;
            }
        }
        Parameter.Coerced c = params[d].coerce(raw);
        if (!c.ok()) {
            return Double.NaN;
        }
        Object v = c.value();
        return switch (kind[d]) {
            case FLOAT -> log[d] ? Math.log((Double) v) : (Double) v;
            case INT -> log[d] ? Math.log((Integer) v) : (Integer) v;
            default -> ((Parameter.CategoricalParameter) params[d]).choices().indexOf(v);
        };
    }

    /** The canonical value for slot {@code d} from a search-scale number (rounded and clipped to the range). */
    public Object decodeValue(int d, double x) {
        return switch (kind[d]) {
            case FLOAT -> {
                Parameter.FloatParameter f = (Parameter.FloatParameter) params[d];
                double v = log[d] ? Math.exp(x) : x;
                yield Math.max(f.low(), Math.min(f.high(), v));
            }
            case INT -> {
                Parameter.IntParameter i = (Parameter.IntParameter) params[d];
                long v = Math.round(log[d] ? Math.exp(x) : x);
                yield (int) Math.max(i.low(), Math.min(i.high(), v));
            }
            default -> ((Parameter.CategoricalParameter) params[d]).choices()
                    .get((int) Math.max(0, Math.min(choices[d] - 1, x)));
        };
    }

    /** The slot of the parameter named {@code name}, or −1. */
    public int index(String name) {
        return index.getOrDefault(name, -1);
    }

    /** The integer value an encoded integer slot stands for. */
    public long intValue(int d, double x) {
        return Math.round(log[d] ? Math.exp(x) : x);
    }

    /** Whether slot {@code d} applies given the canonical values chosen so far. */
    public boolean active(int d, Map<String, Object> valuesSoFar) {
        return SearchSpace.isActive(params[d], valuesSoFar);
    }

    /** A key for "the same configuration": equal encodings. */
    public record Key(double[] x) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(x, k.x);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(x);
        }
    }

    /** The keys of every configuration the context says is tried or pending: what no planner may propose again. */
    public java.util.Set<Key> taken(PlanningContext context) {
        java.util.Set<Key> taken = new java.util.HashSet<>();
        context.history().forEach(t -> taken.add(key(t.parameters())));
        context.pending().forEach(p -> taken.add(key(p)));
        return taken;
    }

    public Key key(Map<String, ?> config) {
        return new Key(encode(config));
    }

    /** Canonical configuration (declaration order) from slot values; NaN slots are left out. */
    public Map<String, Object> decode(double[] x) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int d = 0; d < dims; d++) {
            if (!Double.isNaN(x[d])) {
                out.put(params[d].name(), decodeValue(d, x[d]));
            }
        }
        return out;
    }
}
