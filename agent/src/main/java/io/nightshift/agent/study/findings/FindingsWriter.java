package io.nightshift.agent.study.findings;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished study found, computed from its completed trials: pure computation, no store. Each design kind
 * has its own statements ({@link CompareFindings}, {@link SweepFindings}, {@link OptimiseFindings}); every number
 * in a text is also in the finding's {@code numbers}, every trial it rests on in {@code citedTrials}, and the
 * result has passed {@link FindingsCheck} (a statement that did not would be flagged, not hidden).
 */
public final class FindingsWriter {

    private static final Logger log = LoggerFactory.getLogger(FindingsWriter.class);

    private FindingsWriter() {
    }

    /**
     * @param observations     the question's completed trials with their objective values; any of a trial outside
     *                         {@code questionTrialIds} is left out
     * @param questionTrialIds every trial of the question, whatever its status
     * @return the findings, source {@code data}, in reading order (the answer first)
     */
    public static List<Finding.New> write(StudyDesign design, Objective objective, List<Observation> observations,
            Set<Long> questionTrialIds) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(objective, "objective");
        List<Observation> own = observations.stream().filter(o -> questionTrialIds.contains(o.trialId())).toList();
        if (own.size() < observations.size()) {
            log.warn("{} observation(s) of trials that are not the question's were left out of its findings",
                    observations.size() - own.size());
        }
        Study study = new Study(objective);
        List<Finding.New> computed;
        if (design instanceof StudyDesign.Compare c) {
            computed = CompareFindings.write(c, study, own);
        } else if (design instanceof StudyDesign.Sweep s) {
            computed = SweepFindings.write(s, study, own);
        } else {
            computed = OptimiseFindings.write((StudyDesign.Optimise) design, study, own);
        }
        FindingsCheck.Facts facts = facts(design, objective, own, questionTrialIds, computed);
        List<Finding.New> checked = FindingsCheck.flag(computed, facts);
        checked.stream().filter(f -> f.flagged() != null)
                .forEach(f -> log.warn("a computed finding failed the check ({}): {}", f.flagged(), f.text()));
        return checked;
    }

    /**
     * The facts findings about this study are checked against: the question's trials, the observations, the
     * design's own values and words, and the computed findings' numbers.
     */
    public static FindingsCheck.Facts facts(StudyDesign design, Objective objective, List<Observation> observations,
            Set<Long> questionTrialIds, List<Finding.New> computed) {
        Map<String, Double> values = new LinkedHashMap<>();
        Set<String> words = new LinkedHashSet<>();
        words.add(objective.metric());
        values.put("design seeds", (double) design.seeds());
        addParams("design fixed", design.fixed(), values, words);
        if (design instanceof StudyDesign.Compare c) {
            values.put("design tune trials", (double) c.tuneTrials());
            for (StudyDesign.Arm arm : c.arms()) {
                words.add(arm.name());
                addParams("arm " + arm.name(), arm.params(), values, words);
            }
        } else if (design instanceof StudyDesign.Sweep s) {
            words.add(s.factor());
            values.put("design tune trials", (double) s.tuneTrials());
            List<Object> swept = s.values();
            for (int i = 0; i < swept.size(); i++) {
                Double d = Num.asNumber(swept.get(i));
                if (d != null) {
                    values.put("design value " + i, d);
                } else {
                    words.add(String.valueOf(swept.get(i)));
                }
                words.add(s.factor() + "=" + Num.value(swept.get(i)));
                words.add(s.factor() + "=" + swept.get(i));
            }
        } else if (design instanceof StudyDesign.Optimise o) {
            values.put("design confirm top", (double) o.confirmTop());
        }
        return FindingsCheck.Facts.of(questionTrialIds, observations, computed, values, words);
    }

    private static void addParams(String prefix, Map<String, Object> params, Map<String, Double> values, Set<String> words) {
        params.forEach((k, v) -> {
            words.add(k);
            Double d = Num.asNumber(v);
            if (d != null) {
                values.put(prefix + " " + k, d);
            } else {
                words.add(String.valueOf(v));
            }
        });
    }
}
