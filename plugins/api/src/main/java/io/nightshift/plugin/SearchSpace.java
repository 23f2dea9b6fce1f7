package io.nightshift.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The parameters a planner may set for one plugin, in declaration order. The same declaration
 * samples random configurations and validates every proposal before it can run.
 *
 * <p>A parameter with a {@link Condition} applies only when its parent (declared earlier) is
 * active and set to one of the condition's values; otherwise it is absent from the configuration.
 */
public record SearchSpace(List<Parameter> parameters) {

    public SearchSpace {
        parameters = List.copyOf(parameters);
        Map<String, Parameter> seen = new LinkedHashMap<>();
        List<Parameter> canonical = new ArrayList<>();
        for (Parameter p : parameters) {
            if (seen.containsKey(p.name())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is declared twice");
            }
            Condition c = p.condition();
            if (c != null) {
                Parameter parent = seen.get(c.parent());
                if (parent == null) {
                    throw new IllegalArgumentException(p.name() + ": its condition names '" + c.parent()
                            + "', which must be a parameter declared before it");
                }
                List<Object> values = new ArrayList<>();
                for (Object v : c.values()) {
                    Parameter.Coerced coerced = parent.coerce(v);
                    if (!coerced.ok()) {
                        throw new IllegalArgumentException(p.name() + ": condition value " + v + " is not a value of "
                                + c.parent() + " (" + coerced.error() + ")");
                    }
                    values.add(coerced.value());
                }
                p = p.when(new Condition(c.parent(), values));
            }
            seen.put(p.name(), p);
            canonical.add(p);
        }
        parameters = List.copyOf(canonical);
    }

    /**
     * Whether {@code p} applies given the values of the parameters declared before it: it has no
     * condition, or its parent is present in {@code values} with one of the condition's values.
     * (An inactive parent is absent, so its children are inactive too.)
     */
    public static boolean isActive(Parameter p, Map<String, ?> values) {
        Condition c = p.condition();
        return c == null || c.matches(values.get(c.parent()));
    }

    /** True when some parameter is conditional. */
    public boolean hasConditions() {
        return parameters.stream().anyMatch(Parameter::conditional);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** One configuration drawn from every active parameter's prior; inactive parameters are left out. */
    public Map<String, Object> sample(RandomGenerator random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (isActive(p, values)) {
                values.put(p.name(), p.sample(random));
            }
        }
        return values;
    }

    /**
     * Checks a proposed configuration: every active parameter present with a valid value, no
     * inactive parameter set, nothing unknown.
     *
     * @return the canonical configuration (declaration order, canonical types)
     * @throws InvalidParametersException naming every problem found
     */
    public Map<String, Object> validate(Map<String, ?> proposed) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> canonical = new LinkedHashMap<>();
        Map<String, Object> raw = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Condition c = p.condition();
            if (c != null && !c.matches(canonical.get(c.parent()))) {
                // Judged on the parent's canonical value; when the parent itself was invalid, that
                // problem is reported already and this one would only add noise.
                boolean parentBroken = raw.containsKey(c.parent()) && !canonical.containsKey(c.parent());
                if (proposed.containsKey(p.name()) && !parentBroken) {
                    problems.add(p.name() + ": applies only when " + c + ", but "
                            + (canonical.containsKey(c.parent()) ? c.parent() + " = " + canonical.get(c.parent())
                                    : c.parent() + " is not set")
                            + "; leave it out");
                }
                continue;
            }
            if (!proposed.containsKey(p.name())) {
                problems.add(p.name() + ": missing" + (c == null ? "" : " (required when " + c + ")"));
                continue;
            }
            raw.put(p.name(), proposed.get(p.name()));
            Parameter.Coerced coerced = p.coerce(proposed.get(p.name()));
            if (coerced.ok()) {
                canonical.put(p.name(), coerced.value());
            } else {
                problems.add(coerced.error());
            }
        }
        for (String key : proposed.keySet()) {
            if (parameter(key).isEmpty()) {
                problems.add(key + ": unknown parameter (known: " + names() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(problems);
        }
        return canonical;
    }

    /**
     * The middle of the space: each numeric parameter at the middle of its range (geometric middle on a log
     * scale, rounded for integers), each categorical at its first choice; conditional parameters only where
     * active. The value a design gives a parameter it neither pins nor tunes.
     */
    public Map<String, Object> center() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (isActive(p, values)) {
                values.put(p.name(), p.center());
            }
        }
        return values;
    }

    /**
     * {@link #center()} with some parameters set: the set ones win, conditional parameters follow them.
     *
     * @throws InvalidParametersException if a set value is invalid, unknown or inactive
     */
    public Map<String, Object> complete(Map<String, ?> set) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (!isActive(p, values)) {
                continue;
            }
            if (set.containsKey(p.name())) {
                Parameter.Coerced coerced = p.coerce(set.get(p.name()));
                values.put(p.name(), coerced.ok() ? coerced.value() : set.get(p.name()));
            } else {
                values.put(p.name(), p.center());
            }
        }
        for (String key : set.keySet()) {
            if (!values.containsKey(key)) {
                values.put(key, set.get(key)); // unknown or inactive: validate() says which
            }
        }
        return validate(values);
    }

    public List<String> names() {
        return parameters.stream().map(Parameter::name).toList();
    }

    public static final class Builder {
        private final List<Parameter> parameters = new ArrayList<>();

        public Builder floatParam(String name, double low, double high) {
            parameters.add(new Parameter.FloatParameter(name, low, high, false));
            return this;
        }

        public Builder logFloatParam(String name, double low, double high) {
            parameters.add(new Parameter.FloatParameter(name, low, high, true));
            return this;
        }

        public Builder intParam(String name, int low, int high) {
            parameters.add(new Parameter.IntParameter(name, low, high, false));
            return this;
        }

        public Builder logIntParam(String name, int low, int high) {
            parameters.add(new Parameter.IntParameter(name, low, high, true));
            return this;
        }

        public Builder categorical(String name, Object... choices) {
            parameters.add(new Parameter.CategoricalParameter(name, Arrays.asList(choices)));
            return this;
        }

        /**
         * Makes the parameter declared last apply only when {@code parent} (declared earlier) is
         * one of {@code values}, e.g. {@code .categorical("optimizer", "sgd", "adam").floatParam("momentum", 0, 0.99).when("optimizer", "sgd")}.
         */
        public Builder when(String parent, Object... values) {
            if (parameters.isEmpty()) {
                throw new IllegalStateException("when(...) applies to the parameter declared just before it");
            }
            int last = parameters.size() - 1;
            parameters.set(last, parameters.get(last).when(Condition.of(parent, values)));
            return this;
        }

        public SearchSpace build() {
            return new SearchSpace(parameters);
        }
    }
}
