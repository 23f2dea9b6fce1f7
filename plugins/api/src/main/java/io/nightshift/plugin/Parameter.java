package io.nightshift.plugin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One dimension of a search space. Values travel as JSON, so {@link #coerce} turns what a
 * planner or a language model wrote (a JSON number, a string) into the canonical Java type, or
 * says what was wrong with it.
 */
public sealed interface Parameter permits Parameter.FloatParameter, Parameter.IntParameter, Parameter.CategoricalParameter {

    String name();

    /** When this parameter applies, or null when it always does. */
    Condition condition();

    /** The same parameter, applying only under {@code condition}. */
    Parameter when(Condition condition);

    /** True when this parameter applies only under a condition on another parameter. */
    default boolean conditional() {
        return condition() != null;
    }

    /** A value drawn from this parameter's prior (uniform, or log-uniform when {@code log}). */
    Object sample(RandomGenerator random);

    /** The canonical value ({@code Double}, {@code Integer} or one of the choices), or an error naming the problem. */
    Coerced coerce(Object value);

    /** The middle of the range (geometric on a log scale, rounded for integers), or the first choice. */
    Object center();

    /** Either a value or an error message, never both. */
    record Coerced(Object value, String error) {
        static Coerced ok(Object value) {
            return new Coerced(value, null);
        }

        static Coerced error(String message) {
            return new Coerced(null, message);
        }

        public boolean ok() {
            return error == null;
        }

        public Optional<String> errorMessage() {
            return Optional.ofNullable(error);
        }
    }

    record FloatParameter(String name, double low, double high, boolean log, Condition condition) implements Parameter {
        public FloatParameter(String name, double low, double high, boolean log) {
            this(name, low, high, log, null);
        }

        public FloatParameter {
            checkName(name);
            if (!(low < high)) {
                throw new IllegalArgumentException(name + ": low (" + low + ") must be below high (" + high + ")");
            }
            if (log && low <= 0) {
                throw new IllegalArgumentException(name + ": a log-scaled range must be positive, got low=" + low);
            }
        }

        @Override
        public FloatParameter when(Condition condition) {
            return new FloatParameter(name, low, high, log, condition);
        }

        @Override
        public Object center() {
            return log ? Math.sqrt(low * high) : (low + high) / 2;
        }

        @Override
        public Object sample(RandomGenerator random) {
            double u = random.nextDouble();
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }

        @Override
        public Coerced coerce(Object value) {
            if (!(value instanceof Number n)) {
                return Coerced.error(name + ": expected a number in [" + low + ", " + high + "], got " + describe(value));
            }
            double v = n.doubleValue();
            if (!Double.isFinite(v) || v < low || v > high) {
                return Coerced.error(name + ": " + v + " is outside [" + low + ", " + high + "]");
            }
            return Coerced.ok(v);
        }
    }

    record IntParameter(String name, int low, int high, boolean log, Condition condition) implements Parameter {
        public IntParameter(String name, int low, int high, boolean log) {
            this(name, low, high, log, null);
        }

        public IntParameter {
            checkName(name);
            if (low > high) {
                throw new IllegalArgumentException(name + ": low (" + low + ") must not exceed high (" + high + ")");
            }
            if (log && low <= 0) {
                throw new IllegalArgumentException(name + ": a log-scaled range must be positive, got low=" + low);
            }
        }

        @Override
        public IntParameter when(Condition condition) {
            return new IntParameter(name, low, high, log, condition);
        }

        @Override
        public Object center() {
            return (int) Math.round(log ? Math.sqrt((double) low * high) : (low + high) / 2.0);
        }

        @Override
        public Object sample(RandomGenerator random) {
            if (!log) {
                return low + random.nextInt(high - low + 1);
            }
            // Sample the log of the widened interval so that both ends are as likely as their neighbours.
            double a = Math.log(low - 0.5 + 1e-9);
            double b = Math.log(high + 0.5);
            int v = (int) Math.round(Math.exp(a + random.nextDouble() * (b - a)));
            return Math.max(low, Math.min(high, v));
        }

        @Override
        public Coerced coerce(Object value) {
            if (!(value instanceof Number n)) {
                return Coerced.error(name + ": expected an integer in [" + low + ", " + high + "], got " + describe(value));
            }
            double d = n.doubleValue();
            if (d != Math.rint(d)) {
                return Coerced.error(name + ": expected an integer, got " + d);
            }
            if (d < low || d > high) {
                return Coerced.error(name + ": " + (long) d + " is outside [" + low + ", " + high + "]");
            }
            return Coerced.ok((int) d);
        }
    }

    /** Choices are strings, integers or doubles; a JSON number that equals a numeric choice matches it. */
    record CategoricalParameter(String name, List<Object> choices, Condition condition) implements Parameter {
        public CategoricalParameter(String name, List<Object> choices) {
            this(name, choices, null);
        }

        public CategoricalParameter {
            checkName(name);
            choices = List.copyOf(choices);
            if (choices.isEmpty()) {
                throw new IllegalArgumentException(name + ": a categorical parameter needs at least one choice");
            }
        }

        @Override
        public CategoricalParameter when(Condition condition) {
            return new CategoricalParameter(name, choices, condition);
        }

        @Override
        public Object center() {
            return choices.get(0);
        }

        @Override
        public Object sample(RandomGenerator random) {
            return choices.get(random.nextInt(choices.size()));
        }

        @Override
        public Coerced coerce(Object value) {
            for (Object choice : choices) {
                if (choice.equals(value)) {
                    return Coerced.ok(choice);
                }
                if (choice instanceof Number c && value instanceof Number v && c.doubleValue() == v.doubleValue()) {
                    return Coerced.ok(choice);
                }
            }
            return Coerced.error(name + ": " + describe(value) + " is not one of " + choices);
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("parameter name '" + name + "' must be an identifier");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : (value instanceof String s ? "\"" + s + "\"" : String.valueOf(value));
    }
}
