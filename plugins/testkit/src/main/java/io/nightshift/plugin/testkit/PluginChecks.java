package io.nightshift.plugin.testkit;

import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a plugin the way nightshift will use it, so that a unit test finds a mistake before a night's run does.
 * Each throws {@link AssertionError} listing every problem found.
 */
public final class PluginChecks {

    private PluginChecks() {
    }

    /**
     * The descriptor can be read, its objective is a validation metric (never a {@code test_} one: the test set is
     * for reporting only), {@code questions()} has the descriptor's suggested questions in the same order, and every
     * suggested question's design names only parameters of the search space with values it accepts (pinned values,
     * each arm, each value of a sweep).
     */
    public static void assertValidDescriptor(Plugin plugin) {
        PluginDescriptor d;
        try {
            d = plugin.descriptor();
        } catch (RuntimeException e) {
            throw new AssertionError(plugin.getClass().getName() + ".descriptor() throws: " + e, e);
        }
        if (d == null) {
            throw new AssertionError(plugin.getClass().getName() + ".descriptor() returned null");
        }
        List<String> problems = new ArrayList<>();
        if (d.objective().metric().startsWith("test_")) {
            problems.add("the objective '" + d.objective().metric() + "' is a test metric; optimise a validation"
                    + " metric (val_...) and report test_ metrics for information only");
        }
        SearchSpace space = d.searchSpace();
        List<SuggestedQuestion> questions;
        try {
            questions = plugin.questions();
        } catch (RuntimeException e) {
            throw new AssertionError(d.id() + ": questions() throws: " + e, e);
        }
        List<String> texts = questions.stream().map(SuggestedQuestion::text).toList();
        if (!texts.equals(d.suggestedQuestions())) {
            problems.add("questions() " + texts + " differ from the descriptor's suggested questions "
                    + d.suggestedQuestions() + ": 'nightshift plugins' lists the descriptor's, and --question N picks"
                    + " from questions(); build one from the other");
        }
        for (SuggestedQuestion q : questions) {
            check(problems, q, space, q.design().fixed(), "its pinned values");
            if (q.design() instanceof StudyDesign.Compare compare) {
                for (StudyDesign.Arm arm : compare.arms()) {
                    check(problems, q, space, merge(compare.fixed(), arm.params()), "arm '" + arm.name() + "'");
                }
            } else if (q.design() instanceof StudyDesign.Sweep sweep) {
                for (Object value : sweep.values()) {
                    check(problems, q, space, merge(sweep.fixed(), Map.of(sweep.factor(), value)),
                            sweep.factor() + " = " + value);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("plugin " + d.id() + ": " + String.join("; ", problems));
        }
    }

    /**
     * A result nightshift records as completed: it holds the plugin's objective metric, a finite number, and no
     * metric is null.
     */
    public static void assertValidResult(Plugin plugin, TrialResult result) {
        if (result == null) {
            throw new AssertionError("the trial returned no result (null)");
        }
        Objective objective = plugin.descriptor().objective();
        Double value = result.metrics().get(objective.metric());
        if (value == null) {
            throw new AssertionError("the result has no '" + objective.metric() + "' (the objective); it has "
                    + result.metrics().keySet() + ". nightshift would record the trial as failed");
        }
        if (!Double.isFinite(value)) {
            throw new AssertionError("the objective " + objective.metric() + " is " + value
                    + "; nightshift would record the trial as failed");
        }
        result.metrics().forEach((name, v) -> {
            if (v == null) {
                throw new AssertionError("the result's metric '" + name + "' is null");
            }
        });
    }

    private static void check(List<String> problems, SuggestedQuestion q, SearchSpace space, Map<String, Object> values,
                              String what) {
        try {
            space.complete(values);
        } catch (InvalidParametersException e) {
            problems.add("suggested question \"" + q.text() + "\", " + what + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }
}
