package io.nightshift.plugin;

import java.util.Objects;

/**
 * The metric planners optimise. It must be a validation metric: the test set is for reporting
 * only, so that the loop cannot tune itself to it.
 */
public record Objective(String metric, Direction direction) {

    public enum Direction { MAXIMIZE, MINIMIZE }

    public Objective {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
    }

    public static Objective maximize(String metric) {
        return new Objective(metric, Direction.MAXIMIZE);
    }

    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.MINIMIZE);
    }

    /** True when {@code candidate} is strictly better than {@code incumbent}; NaN is never better. */
    public boolean isBetter(double candidate, double incumbent) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(incumbent)) {
            return true;
        }
        return direction == Direction.MAXIMIZE ? candidate > incumbent : candidate < incumbent;
    }
}
