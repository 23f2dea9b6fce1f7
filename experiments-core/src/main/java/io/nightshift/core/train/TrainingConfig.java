package io.nightshift.core.train;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** How to train: optimiser, batching, length, randomness, limits and device. Build with {@link #builder()}. */
public final class TrainingConfig {

    /** 5,000 of MNIST's 60,000 training images, the customary validation split. */
    public static final double DEFAULT_VALIDATION_FRACTION = 1.0 / 12;

    private final OptimizerSpec optimizer;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final double validationFraction;
    private final Instant deadline;
    private final BooleanSupplier cancelled;
    private final String device;

    private TrainingConfig(Builder b) {
        this.optimizer = b.optimizer;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.validationFraction = b.validationFraction;
        this.deadline = b.deadline;
        this.cancelled = b.cancelled;
        this.device = b.device;
    }

    public static Builder builder() {
        return new Builder();
    }

    public OptimizerSpec optimizer() {
        return optimizer;
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

    public BooleanSupplier cancelled() {
        return cancelled;
    }

    /** DJL notation: {@code cpu} or {@code gpu:N}. */
    public String device() {
        return device;
    }

    @Override
    public String toString() {
        return "TrainingConfig[" + optimizer + ", batchSize=" + batchSize + ", epochs=" + epochs + ", seed=" + seed
                + ", validationFraction=" + validationFraction + ", deadline=" + deadline + ", device=" + device + "]";
    }

    public static final class Builder {
        private OptimizerSpec optimizer = OptimizerSpec.adam(1e-3);
        private int batchSize = 128;
        private int epochs = 1;
        private long seed = 0;
        private double validationFraction = DEFAULT_VALIDATION_FRACTION;
        private Instant deadline;
        private BooleanSupplier cancelled = () -> false;
        private String device = "cpu";

        /** Defaults to Adam at 1e-3. */
        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
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

        /** Seeds weight initialisation and shuffling; defaults to 0. */
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

        /** Polled once per batch; training stops when it returns true. */
        public Builder cancelled(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        /** {@code cpu} (the default) or {@code gpu:N}. */
        public Builder device(String device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}
