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
 */
public record SearchSpace(List<Parameter> parameters) {

    public SearchSpace {
        parameters = List.copyOf(parameters);
        var seen = new java.util.HashSet<String>();
        for (Parameter p : parameters) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is declared twice");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** One configuration drawn from every parameter's prior. */
    public Map<String, Object> sample(RandomGenerator random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            values.put(p.name(), p.sample(random));
        }
        return values;
    }

    /**
     * Checks a proposed configuration: every parameter present with a valid value, nothing unknown.
     *
     * @return the canonical configuration (declaration order, canonical types)
     * @throws InvalidParametersException naming every problem found
     */
    public Map<String, Object> validate(Map<String, ?> proposed) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (!proposed.containsKey(p.name())) {
                problems.add(p.name() + ": missing");
                continue;
            }
            Parameter.Coerced c = p.coerce(proposed.get(p.name()));
            if (c.ok()) {
                canonical.put(p.name(), c.value());
            } else {
                problems.add(c.error());
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

        public SearchSpace build() {
            return new SearchSpace(parameters);
        }
    }
}
