package io.nightshift.core.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Locale;
import java.util.Objects;

/**
 * Which optimiser, at which fixed learning rate. {@code momentum} applies to SGD only (Adam uses
 * its usual betas 0.9 and 0.999).
 */
public record OptimizerSpec(Type type, double learningRate, double momentum) {

    public enum Type {
        SGD,
        ADAM;

        /** Parses {@code sgd} or {@code adam}, case-insensitively. */
        public static Type parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected sgd or adam", e);
            }
        }
    }

    public OptimizerSpec {
        Objects.requireNonNull(type, "type");
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
    }

    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(Type.ADAM, learningRate, 0);
    }

    public static OptimizerSpec sgd(double learningRate, double momentum) {
        return new OptimizerSpec(Type.SGD, learningRate, momentum);
    }

    /** A new DJL optimiser; it holds per-parameter state, so use one per training run. */
    public Optimizer newOptimizer() {
        Tracker rate = Tracker.fixed((float) learningRate);
        return switch (type) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) momentum).build();
        };
    }
}
