package io.nightshift.core.train;

import java.util.Locale;
import java.util.Objects;

/**
 * How the learning rate moves over training, as a factor of the optimiser's base rate: constant,
 * step decay ({@code gamma} every {@code stepEpochs} epochs), cosine or linear decay to zero over
 * the planned steps, each optionally after a linear warm-up of {@code warmupSteps} steps.
 *
 * <p>A function of the optimiser step only, so a run stopped by its deadline has followed the
 * same curve as a full one up to that point.
 */
public record LearningRateSchedule(Kind kind, int warmupSteps, int stepEpochs, double gamma) {

    public enum Kind {
        CONSTANT, STEP, COSINE, LINEAR;

        /** Parses {@code constant}, {@code step}, {@code cosine} or {@code linear}, case-insensitively. */
        public static Kind parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown learning-rate schedule '" + name
                        + "'; expected constant, step, cosine or linear", e);
            }
        }
    }

    public LearningRateSchedule {
        Objects.requireNonNull(kind, "kind");
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must not be negative, got " + warmupSteps);
        }
        if (kind == Kind.STEP && (stepEpochs < 1 || !(gamma > 0 && gamma <= 1))) {
            throw new IllegalArgumentException("a step schedule needs stepEpochs >= 1 and gamma in (0, 1], got "
                    + stepEpochs + " and " + gamma);
        }
    }

    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(Kind.CONSTANT, 0, 0, 1);
    }

    /** Multiply the rate by {@code gamma} every {@code everyEpochs} epochs. */
    public static LearningRateSchedule step(int everyEpochs, double gamma) {
        return new LearningRateSchedule(Kind.STEP, 0, everyEpochs, gamma);
    }

    /** Half a cosine from the base rate down to zero at the last planned step. */
    public static LearningRateSchedule cosine() {
        return new LearningRateSchedule(Kind.COSINE, 0, 0, 1);
    }

    /** A straight line from the base rate down to zero at the last planned step. */
    public static LearningRateSchedule linear() {
        return new LearningRateSchedule(Kind.LINEAR, 0, 0, 1);
    }

    /** The same schedule after a linear warm-up from near zero to the base rate over {@code steps} steps. */
    public LearningRateSchedule withWarmup(int steps) {
        return new LearningRateSchedule(kind, steps, stepEpochs, gamma);
    }

    /**
     * The factor for the update after {@code step} completed steps.
     *
     * @param stepsPerEpoch optimiser steps in one epoch
     * @param totalSteps    steps planned for the whole run (epochs times steps per epoch)
     */
    public double factor(long step, long stepsPerEpoch, long totalSteps) {
        if (step < warmupSteps) {
            return (step + 1.0) / warmupSteps;
        }
        double progress = totalSteps <= warmupSteps ? 1
                : Math.min(1, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return switch (kind) {
            case CONSTANT -> 1;
            case STEP -> Math.pow(gamma, Math.floorDiv(step, (long) stepEpochs * Math.max(1, stepsPerEpoch)));
            case COSINE -> 0.5 * (1 + Math.cos(Math.PI * progress));
            case LINEAR -> 1 - progress;
        };
    }

    @Override
    public String toString() {
        String base = switch (kind) {
            case CONSTANT -> "constant";
            case STEP -> "step(x" + gamma + " every " + stepEpochs + " epochs)";
            case COSINE -> "cosine";
            case LINEAR -> "linear";
        };
        return warmupSteps > 0 ? base + " after " + warmupSteps + " warm-up steps" : base;
    }
}
