package io.nightshift.agent.study.findings;

import io.nightshift.plugin.Objective;
import java.util.Comparator;

/** What every kind of findings needs to know about the study's objective. */
record Study(Objective objective) {

    String metric() {
        return objective.metric();
    }

    boolean maximise() {
        return objective.direction() == Objective.Direction.MAXIMIZE;
    }

    /** "higher" or "lower": which way is better. */
    String better() {
        return maximise() ? "higher" : "lower";
    }

    /** Best first. */
    Comparator<Double> bestFirst() {
        return maximise() ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder();
    }

    /** Whether {@code a} is better than {@code b}. */
    boolean isBetter(double a, double b) {
        return objective.isBetter(a, b);
    }

    /** Configurations best mean first. */
    Comparator<Configuration> bestMeanFirst() {
        Comparator<Configuration> c = Comparator.comparingDouble(x -> x.summary().mean());
        return maximise() ? c.reversed() : c;
    }
}
