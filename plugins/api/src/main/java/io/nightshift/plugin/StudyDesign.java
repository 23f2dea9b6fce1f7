package io.nightshift.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a research question is answered: which experiments run, how many times each, and what the answer is.
 * Every design pins some parameters ({@link #fixed()}) for all its experiments and runs each configuration it
 * reports on under {@link #seeds()} seeds, so that an answer comes with its seed-to-seed spread.
 *
 * <ul>
 *   <li>{@link Optimise}: search the space left open by the pins for the best objective, then re-run the best
 *       few configurations under other seeds before answering.</li>
 *   <li>{@link Compare}: two or more arms that differ in the factor under study; answered with the difference
 *       and its confidence interval over seeds, or "no difference detectable".</li>
 *   <li>{@link Sweep}: one factor over a list of values; answered with the curve, its spread, and its notable
 *       points (optimum, knee, a peak).</li>
 * </ul>
 *
 * <p>In {@link Compare} and {@link Sweep}, a parameter neither pinned nor set by an arm or point is tuned per
 * arm or point when {@code tuneTrials > 0} (every arm gets the same budget), else it takes its
 * {@link SearchSpace#center() central value}.
 */
public sealed interface StudyDesign permits StudyDesign.Optimise, StudyDesign.Compare, StudyDesign.Sweep {

    /** Parameters pinned for every experiment of the study. */
    Map<String, Object> fixed();

    /** Runs of each reported configuration, each under its own seed (at least 1). */
    int seeds();

    /** {@code optimise}, {@code compare} or {@code sweep}. */
    String kind();

    /**
     * @param seeds       runs of each of the {@code confirmTop} best configurations before the answer
     * @param confirmTop  how many of the best configurations are re-run under other seeds
     */
    record Optimise(Map<String, Object> fixed, int seeds, int confirmTop) implements StudyDesign {
        public Optimise {
            fixed = copy(fixed);
            positive("seeds", seeds);
            if (confirmTop < 0) {
                throw new IllegalArgumentException("confirmTop must not be negative, got " + confirmTop);
            }
        }

        /** The whole space, the best three configurations confirmed with three seeds each. */
        public static Optimise whole() {
            return new Optimise(Map.of(), 3, 3);
        }

        @Override
        public String kind() {
            return "optimise";
        }
    }

    /** One arm of a comparison: a name people read, and the parameters that make it this arm. */
    record Arm(String name, Map<String, Object> params) {
        public Arm {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("an arm needs a name");
            }
            params = copy(params);
        }
    }

    /**
     * @param tuneTrials trials per arm spent tuning the parameters nobody pinned, before its best configuration
     *                   is run under {@code seeds} seeds; 0 for fixed arms
     */
    record Compare(List<Arm> arms, Map<String, Object> fixed, int seeds, int tuneTrials) implements StudyDesign {
        public Compare {
            arms = List.copyOf(arms);
            if (arms.size() < 2) {
                throw new IllegalArgumentException("a comparison needs at least two arms, got " + arms.size());
            }
            Set<String> names = new LinkedHashSet<>();
            for (Arm arm : arms) {
                if (!names.add(arm.name())) {
                    throw new IllegalArgumentException("two arms are named '" + arm.name() + "'");
                }
            }
            fixed = copy(fixed);
            positive("seeds", seeds);
            if (tuneTrials < 0) {
                throw new IllegalArgumentException("tuneTrials must not be negative, got " + tuneTrials);
            }
        }

        @Override
        public String kind() {
            return "compare";
        }
    }

    /** @param tuneTrials as in {@link Compare}, per point */
    record Sweep(String factor, List<Object> values, Map<String, Object> fixed, int seeds, int tuneTrials)
            implements StudyDesign {
        public Sweep {
            Objects.requireNonNull(factor, "factor");
            values = List.copyOf(values);
            if (values.size() < 2) {
                throw new IllegalArgumentException("a sweep needs at least two values of " + factor);
            }
            if (new LinkedHashSet<>(values).size() != values.size()) {
                throw new IllegalArgumentException("the sweep of " + factor + " repeats a value: " + values);
            }
            fixed = copy(fixed);
            if (fixed.containsKey(factor)) {
                throw new IllegalArgumentException(factor + " is swept, so it cannot also be fixed");
            }
            positive("seeds", seeds);
            if (tuneTrials < 0) {
                throw new IllegalArgumentException("tuneTrials must not be negative, got " + tuneTrials);
            }
        }

        @Override
        public String kind() {
            return "sweep";
        }
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    /** The values as a list, e.g. for building designs from code. */
    static List<Object> values(Object... values) {
        return new ArrayList<>(List.of(values));
    }
}
