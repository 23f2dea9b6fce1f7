package io.nightshift.agent.study;

import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a design against a plugin's search space before anything runs, and returns it with every value in its
 * canonical type. Every problem is named at once, with what to change.
 */
public final class DesignValidator {

    private DesignValidator() {
    }

    /** @throws InvalidDesignException listing every problem */
    public static StudyDesign validate(StudyDesign design, SearchSpace space) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> fixed = values(space, design.fixed(), "fixed", problems);
        StudyDesign checked;
        if (design instanceof StudyDesign.Optimise o) {
            if (space.names().stream().allMatch(fixed::containsKey)) {
                problems.add("every parameter is fixed, so there is nothing to optimise; leave some out of fixed");
            }
            checked = new StudyDesign.Optimise(fixed, o.seeds(), o.confirmTop());
        } else if (design instanceof StudyDesign.Compare c) {
            List<StudyDesign.Arm> arms = new ArrayList<>();
            for (StudyDesign.Arm arm : c.arms()) {
                Map<String, Object> params = values(space, arm.params(), "arm '" + arm.name() + "'", problems);
                params.keySet().stream().filter(fixed::containsKey).forEach(name -> problems.add("arm '"
                        + arm.name() + "' sets " + name + ", which is also fixed for every arm; set it in one place"));
                if (params.isEmpty()) {
                    problems.add("arm '" + arm.name() + "' sets no parameter, so it would not differ from the others");
                }
                arms.add(new StudyDesign.Arm(arm.name(), params));
            }
            for (int i = 0; i < arms.size(); i++) {
                for (int j = i + 1; j < arms.size(); j++) {
                    if (arms.get(i).params().equals(arms.get(j).params())) {
                        problems.add("arms '" + arms.get(i).name() + "' and '" + arms.get(j).name()
                                + "' set the same values; they would compare a configuration with itself");
                    }
                }
            }
            if (c.tuneTrials() == 0) {
                arms.forEach(arm -> complete(space, fixed, arm.params(), "arm '" + arm.name() + "'", problems));
            }
            checked = new StudyDesign.Compare(arms, fixed, c.seeds(), c.tuneTrials());
        } else {
            StudyDesign.Sweep s = (StudyDesign.Sweep) design;
            List<Object> values = new ArrayList<>();
            Parameter factor = space.parameter(s.factor()).orElse(null);
            if (factor == null) {
                problems.add("the swept factor '" + s.factor() + "' is not a parameter of this plugin (known: "
                        + space.names() + ")");
                values.addAll(s.values());
            } else {
                for (Object v : s.values()) {
                    Parameter.Coerced c = factor.coerce(v);
                    if (c.ok()) {
                        values.add(c.value());
                    } else {
                        problems.add("sweep value: " + c.error());
                    }
                }
                if (problems.isEmpty() && s.tuneTrials() == 0) {
                    for (Object v : values) {
                        complete(space, fixed, Map.of(s.factor(), v), s.factor() + "=" + v, problems);
                    }
                }
            }
            if (problems.isEmpty() && new java.util.LinkedHashSet<>(values).size() != values.size()) {
                problems.add("the sweep of " + s.factor() + " repeats a value once read as its type: " + values);
            }
            checked = problems.isEmpty() ? new StudyDesign.Sweep(s.factor(), values, fixed, s.seeds(), s.tuneTrials()) : s;
        }
        if (!problems.isEmpty()) {
            throw new InvalidDesignException(problems);
        }
        return checked;
    }

    private static Map<String, Object> values(SearchSpace space, Map<String, Object> raw, String where,
                                              List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            Parameter p = space.parameter(name).orElse(null);
            if (p == null) {
                problems.add(where + ": '" + name + "' is not a parameter of this plugin (known: " + space.names() + ")");
                return;
            }
            Parameter.Coerced c = p.coerce(value);
            if (c.ok()) {
                out.put(name, c.value());
            } else {
                problems.add(where + ": " + c.error());
            }
        });
        return out;
    }

    private static void complete(SearchSpace space, Map<String, Object> fixed, Map<String, Object> cell, String where,
                                 List<String> problems) {
        Map<String, Object> pins = new LinkedHashMap<>(fixed);
        pins.putAll(cell);
        try {
            space.complete(pins);
        } catch (InvalidParametersException e) {
            problems.add(where + ": " + e.getMessage());
        }
    }

    /** A design that cannot run on this plugin's space. */
    public static final class InvalidDesignException extends IllegalArgumentException {
        public InvalidDesignException(List<String> problems) {
            super("the study design does not fit the plugin's search space: " + String.join("; ", problems));
        }
    }
}
