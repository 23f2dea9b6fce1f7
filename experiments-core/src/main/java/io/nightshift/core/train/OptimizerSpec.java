package io.nightshift.core.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Locale;
import java.util.Objects;

/**
 * Which optimiser, its base learning rate (a {@link LearningRateSchedule} scales it over
 * training) and weight decay.
 *
 * <ul>
 *   <li>SGD: {@code momentum} in [0, 1), Nesterov momentum when {@code nesterov}; weight decay is
 *       the classic L2 term added to the gradient.</li>
 *   <li>Adam: betas 0.9 and 0.999; weight decay is L2 added to the gradient (coupled).</li>
 *   <li>AdamW: Adam with decoupled weight decay (Loshchilov and Hutter).</li>
 * </ul>
 */
public record OptimizerSpec(Type type, double learningRate, double momentum, boolean nesterov, double weightDecay) {

    public enum Type {
        SGD,
        ADAM,
        ADAMW;

        /** Parses {@code sgd}, {@code adam} or {@code adamw}, case-insensitively. */
        public static Type parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected sgd, adam or adamw", e);
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
        if (type != Type.SGD && (momentum != 0 || nesterov)) {
            throw new IllegalArgumentException("momentum and Nesterov apply to SGD only, not " + type);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov SGD needs a momentum above 0");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a non-negative number, got " + weightDecay);
        }
    }

    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(Type.ADAM, learningRate, 0, false, 0);
    }

    public static OptimizerSpec adamW(double learningRate, double weightDecay) {
        return new OptimizerSpec(Type.ADAMW, learningRate, 0, false, weightDecay);
    }

    public static OptimizerSpec sgd(double learningRate, double momentum) {
        return new OptimizerSpec(Type.SGD, learningRate, momentum, false, 0);
    }

    public static OptimizerSpec nesterov(double learningRate, double momentum) {
        return new OptimizerSpec(Type.SGD, learningRate, momentum, true, 0);
    }

    /** The same optimiser with this weight decay. */
    public OptimizerSpec withWeightDecay(double weightDecay) {
        return new OptimizerSpec(type, learningRate, momentum, nesterov, weightDecay);
    }

    /**
     * A new DJL optimiser; it holds per-parameter state, so use one per training run.
     *
     * @param rate the learning rate to use at each step (the trainer passes its schedule)
     */
    public Optimizer newOptimizer(ParameterTracker rate) {
        float decay = (float) weightDecay;
        return switch (type) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).optWeightDecays(decay).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays(decay).build();
            case SGD -> nesterov
                    ? NesterovSgd.create(rate, (float) momentum, decay)
                    : Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) momentum)
                            .optWeightDecays(decay).build();
        };
    }

    @Override
    public String toString() {
        String name = switch (type) {
            case ADAM -> "adam";
            case ADAMW -> "adamw";
            case SGD -> nesterov ? "sgd(nesterov " + momentum + ")" : momentum > 0 ? "sgd(momentum " + momentum + ")" : "sgd";
        };
        return name + " lr=" + learningRate + (weightDecay > 0 ? " wd=" + weightDecay : "");
    }
}
