package io.nightshift.agent.study.findings;

import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one computed finding so that its text and its evidence cannot drift apart: every figure enters the text
 * through {@link #num} (and so lands in {@code numbers} under a name), every trial through {@link #trials} (and so
 * lands in {@code citedTrials}). Words added with {@link #say} must carry no figures of their own; names that come
 * from the data (arms, parameters, metric, verbatim parameter values) may contain digits, which
 * {@link FindingsCheck} reads as names, not as quoted numbers.
 */
final class Statement {

    private final StringBuilder text = new StringBuilder();
    private final Map<String, Double> numbers = new LinkedHashMap<>();
    private final Set<Long> cited = new LinkedHashSet<>();
    private final int decimals;

    /** @param decimals how objective values ({@link #value}) are written */
    Statement(int decimals) {
        this.decimals = decimals;
    }

    Statement say(String words) {
        text.append(words);
        return this;
    }

    /** A figure shown as {@code shown}, recorded as {@code name}. */
    Statement num(String name, double value, String shown) {
        Double old = numbers.putIfAbsent(name, value);
        if (old != null && Double.compare(old, value) != 0) {
            throw new IllegalStateException("two different values named " + name + ": " + old + " and " + value);
        }
        text.append(shown);
        return this;
    }

    /** An objective value or a difference of them, with the study's decimals. */
    Statement value(String name, double value) {
        return num(name, value, Num.fixed(value, decimals));
    }

    /** A whole number or a parameter value, written as it is. */
    Statement plain(String name, double value) {
        return num(name, value, Num.plain(value));
    }

    /** A statistic (F, p, degrees of freedom, a share) to {@code digits} significant digits. */
    Statement sig(String name, double value, int digits) {
        return num(name, value, Num.sig(value, digits));
    }

    /** "p = 0.012" to two significant digits, or "p < 0.001" (the value itself still recorded). */
    Statement pValue(String name, double p) {
        num(name, p, "");
        if (p < 0.001) {
            return say("p < ").num(name + ".bound", 0.001, "0.001");
        }
        return say("p = ").sig(name, p, 2);
    }

    Statement fixed(String name, double value, int places) {
        return num(name, value, Num.fixed(value, places));
    }

    /** A parameter value: numbers recorded as {@code name}, anything else written verbatim. */
    Statement param(String name, Object value) {
        Double number = Num.asNumber(value);
        if (number == null) {
            return say(Num.value(value));
        }
        return num(name, number, Num.value(value));
    }

    /** "lr=0.01, width=64" for the parameters not left out; numbers recorded as {@code prefix.name}. */
    Statement params(String prefix, Map<String, Object> params, Set<String> leaveOut) {
        boolean first = true;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (leaveOut.contains(e.getKey())) {
                continue;
            }
            say(first ? "" : ", ").say(e.getKey()).say("=").param(prefix + "." + e.getKey(), e.getValue());
            first = false;
        }
        return this;
    }

    /** "trial #4" or "trials #4, #5, #6", cited. */
    Statement trials(List<Long> ids) {
        List<String> refs = new ArrayList<>();
        for (long id : ids) {
            refs.add("#" + id);
            cited.add(id);
        }
        return say(ids.size() == 1 ? "trial " : "trials ").say(String.join(", ", refs));
    }

    /** "mean ± sd" (or the mean alone with one run), recorded as {@code prefix.mean}, {@code prefix.sd}. */
    Statement meanSd(String prefix, Stats.Summary s) {
        value(prefix + ".mean", s.mean());
        if (s.hasSpread()) {
            say(" ± ").value(prefix + ".sd", s.sd());
        }
        return this;
    }

    /** Cites trials without naming them in the text. */
    Statement cite(List<Long> ids) {
        cited.addAll(ids);
        return this;
    }

    Finding.New build(String kind) {
        return new Finding.New(kind, text.toString(), List.copyOf(cited), numbers, "data", null);
    }
}
