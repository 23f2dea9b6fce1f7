package io.nightshift.core.train;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * How to train: optimiser and schedule, batching, length and limits, data options (label noise,
 * training subset), randomness, reporting and device. Build with {@link #builder()}.
 */
public final class TrainingConfig {

    /** 5,000 of MNIST's 60,000 training images, the customary validation split. */
    public static final double DEFAULT_VALIDATION_FRACTION = 1.0 / 12;

    private final OptimizerSpec optimizer;
    private final LearningRateSchedule schedule;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final double validationFraction;
    private final Instant deadline;
    private final Duration timeBudget;
    private final BooleanSupplier cancelled;
    private final java.nio.file.Path checkpointDirectory;
    private final String device;
    private final int earlyStoppingPatience;
    private final double earlyStoppingMinDelta;
    private final double labelNoise;
    private final Integer trainingSubset;
    private final int reportEverySteps;
    private final boolean testEveryEpoch;

    private TrainingConfig(Builder b) {
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.validationFraction = b.validationFraction;
        this.deadline = b.deadline;
        this.timeBudget = b.timeBudget;
        this.cancelled = b.cancelled;
        this.checkpointDirectory = b.checkpointDirectory;
        this.device = b.device;
        this.earlyStoppingPatience = b.earlyStoppingPatience;
        this.earlyStoppingMinDelta = b.earlyStoppingMinDelta;
        this.labelNoise = b.labelNoise;
        this.trainingSubset = b.trainingSubset;
        this.reportEverySteps = b.reportEverySteps;
        this.testEveryEpoch = b.testEveryEpoch;
    }

    public static Builder builder() {
        return new Builder();
    }

    public OptimizerSpec optimizer() {
        return optimizer;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    public int batchSize() {
        return batchSize;
    }

    public int epochs() {
        return epochs;
    }

    public long seed() {
        return seed;
    }

    public double validationFraction() {
        return validationFraction;
    }

    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** Wall-clock budget counted from the start of training (the earlier of this and the deadline wins). */
    public Optional<Duration> timeBudget() {
        return Optional.ofNullable(timeBudget);
    }

    /**
     * Where the network is saved after every epoch and resumed from when training starts again (a retried trial);
     * empty for no checkpoints.
     */
    public Optional<java.nio.file.Path> checkpointDirectory() {
        return Optional.ofNullable(checkpointDirectory);
    }

    public BooleanSupplier cancelled() {
        return cancelled;
    }

    /** DJL notation: {@code cpu} or {@code gpu:N}. */
    public String device() {
        return device;
    }

    /** Epochs without a validation-loss improvement before stopping; 0 means never stop early. */
    public int earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    /** The least decrease in validation loss that counts as an improvement. */
    public double earlyStoppingMinDelta() {
        return earlyStoppingMinDelta;
    }

    /** Fraction of training labels replaced by a different, random class; validation and test stay clean. */
    public double labelNoise() {
        return labelNoise;
    }

    /** Train on this many examples (a seeded random subset of the training split) instead of all. */
    public OptionalInt trainingSubset() {
        return trainingSubset == null ? OptionalInt.empty() : OptionalInt.of(trainingSubset);
    }

    /** Report {@link StepMetrics} every this many steps; 0 for per-epoch metrics only. */
    public int reportEverySteps() {
        return reportEverySteps;
    }

    /** Evaluate the test set after every epoch, not only at the end. */
    public boolean testEveryEpoch() {
        return testEveryEpoch;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TrainingConfig[").append(optimizer).append(", schedule=").append(schedule)
                .append(", batchSize=").append(batchSize).append(", epochs=").append(epochs).append(", seed=").append(seed)
                .append(", device=").append(device);
        if (timeBudget != null) {
            s.append(", timeBudget=").append(timeBudget);
        }
        if (deadline != null) {
            s.append(", deadline=").append(deadline);
        }
        if (earlyStoppingPatience > 0) {
            s.append(", earlyStopping=").append(earlyStoppingPatience);
        }
        if (labelNoise > 0) {
            s.append(", labelNoise=").append(labelNoise);
        }
        if (trainingSubset != null) {
            s.append(", trainingSubset=").append(trainingSubset);
        }
        return s.append(']').toString();
    }

    public static final class Builder {
        private OptimizerSpec optimizer = OptimizerSpec.adam(1e-3);
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private int batchSize = 128;
        private int epochs = 1;
        private long seed = 0;
        private double validationFraction = DEFAULT_VALIDATION_FRACTION;
        private Instant deadline;
        private Duration timeBudget;
        private BooleanSupplier cancelled = () -> false;
        private java.nio.file.Path checkpointDirectory;
        private String device = "cpu";
        private int earlyStoppingPatience;
        private double earlyStoppingMinDelta;
        private double labelNoise;
        private Integer trainingSubset;
        private int reportEverySteps;
        private boolean testEveryEpoch;

        /** Defaults to Adam at 1e-3. */
        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Defaults to a constant rate. */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** Defaults to 128. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Defaults to 1. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be positive, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Seeds weight initialisation, dropout, shuffling, subsetting and label noise; defaults to 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The share of the training set held out for validation, in (0, 1); defaults to 1/12. */
        public Builder validationFraction(double validationFraction) {
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
            }
            this.validationFraction = validationFraction;
            return this;
        }

        /** Stop training once this instant passes; {@code null} for none (the default). */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** Stop training this long after it starts; {@code null} for none (the default). */
        public Builder timeBudget(Duration timeBudget) {
            if (timeBudget != null && (timeBudget.isNegative() || timeBudget.isZero())) {
                throw new IllegalArgumentException("time budget must be positive, got " + timeBudget);
            }
            this.timeBudget = timeBudget;
            return this;
        }

        /** Polled before every batch; training stops when it returns true. */
        /** Save the network after each epoch here, and resume from the latest save (see {@link Checkpoints}). */
        public Builder checkpointDirectory(java.nio.file.Path dir) {
            this.checkpointDirectory = dir;
            return this;
        }

        public Builder cancelled(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        /** {@code cpu} (the default) or {@code gpu:N}. */
        public Builder device(String device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Stop after {@code patience} epochs without validation loss falling by more than {@code minDelta}. */
        public Builder earlyStopping(int patience, double minDelta) {
            if (patience < 0 || !(minDelta >= 0)) {
                throw new IllegalArgumentException("early stopping needs patience >= 0 and minDelta >= 0, got "
                        + patience + " and " + minDelta);
            }
            this.earlyStoppingPatience = patience;
            this.earlyStoppingMinDelta = minDelta;
            return this;
        }

        /** Replace this fraction of training labels (exactly round(fraction x examples)) with wrong classes. */
        public Builder labelNoise(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("label noise must be a fraction in [0, 1], got " + fraction);
            }
            this.labelNoise = fraction;
            return this;
        }

        /** Train on exactly this many examples of the training split; {@code null} for all (the default). */
        public Builder trainingSubset(Integer examples) {
            if (examples != null && examples < 1) {
                throw new IllegalArgumentException("training subset must be at least 1 example, got " + examples);
            }
            this.trainingSubset = examples;
            return this;
        }

        /** Report {@link StepMetrics} every {@code steps} steps (one host sync each time); 0, the default, for never. */
        public Builder reportEverySteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("reportEverySteps must not be negative, got " + steps);
            }
            this.reportEverySteps = steps;
            return this;
        }

        /** Evaluate the test set after every epoch (for epoch-wise curves); defaults to only at the end. */
        public Builder testEveryEpoch(boolean testEveryEpoch) {
            this.testEveryEpoch = testEveryEpoch;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}
