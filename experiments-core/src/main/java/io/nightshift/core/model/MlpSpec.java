package io.nightshift.core.model;

import io.nightshift.core.arch.Activation;
import io.nightshift.core.arch.Architecture;
import io.nightshift.core.arch.Layer;
import io.nightshift.core.data.DatasetSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A fully connected network: {@code inputSize -> hiddenWidths... -> outputSize}. Each hidden layer
 * is {@code fc}, then batch norm when asked, then the activation, then dropout when its rate is
 * above zero; the output layer has none of these (it produces logits). A shorthand for the
 * equivalent {@link NetworkSpec}, which does the building.
 */
public record MlpSpec(int inputSize, List<Integer> hiddenWidths, int outputSize, Activation activation,
                      double dropout, boolean batchNorm) implements ModelSpec {

    public MlpSpec {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (outputSize < 1) {
            throw new IllegalArgumentException("outputSize must be positive, got " + outputSize);
        }
        Objects.requireNonNull(hiddenWidths, "hiddenWidths");
        hiddenWidths = List.copyOf(hiddenWidths);
        for (int i = 0; i < hiddenWidths.size(); i++) {
            if (hiddenWidths.get(i) < 1) {
                throw new IllegalArgumentException("hidden layer " + (i + 1) + " must have a positive width, got "
                        + hiddenWidths.get(i));
            }
        }
        Objects.requireNonNull(activation, "activation");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same network in the architecture grammar, e.g. {@code fc(128) relu fc(10)}. */
    public Architecture architecture() {
        List<Layer> layers = new ArrayList<>();
        for (int width : hiddenWidths) {
            layers.add(new Layer.Fc(width));
            if (batchNorm) {
                layers.add(new Layer.BatchNorm());
            }
            layers.add(new Layer.Act(activation));
            if (dropout > 0) {
                layers.add(new Layer.Dropout(dropout));
            }
        }
        layers.add(new Layer.Fc(outputSize));
        return new Architecture(layers);
    }

    @Override
    public NetworkSpec network() {
        return NetworkSpec.of(architecture(), inputShape(), outputSize, Long.MAX_VALUE);
    }

    @Override
    public long[] inputShape() {
        return new long[] {inputSize};
    }

    @Override
    public long outputCount() {
        return outputSize;
    }

    /** E.g. {@code 784-128-10 relu}, with {@code dropout 0.2} and {@code batchnorm} when set. */
    @Override
    public String describe() {
        StringBuilder s = new StringBuilder().append(inputSize);
        hiddenWidths.forEach(w -> s.append('-').append(w));
        s.append('-').append(outputSize).append(' ').append(activation.name().toLowerCase(Locale.ROOT));
        if (batchNorm) {
            s.append(" batchnorm");
        }
        if (dropout > 0) {
            s.append(" dropout ").append(dropout);
        }
        return s.toString();
    }

    public static final class Builder {
        private int inputSize = 28 * 28;
        private List<Integer> hiddenWidths = List.of(128);
        private int outputSize = 10;
        private Activation activation = Activation.RELU;
        private double dropout;
        private boolean batchNorm;

        /** Defaults to 784, one MNIST image. */
        public Builder inputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /** Inputs for one of {@code dataset}'s images (all channels), outputs for its classes. */
        public Builder dataset(DatasetSpec dataset) {
            this.inputSize = dataset.shape().size();
            this.outputSize = dataset.classes();
            return this;
        }

        /** Defaults to one hidden layer of 128. */
        public Builder hiddenWidths(List<Integer> hiddenWidths) {
            this.hiddenWidths = hiddenWidths;
            return this;
        }

        /** {@code layers} hidden layers of {@code width} units each. */
        public Builder hiddenLayers(int layers, int width) {
            if (layers < 0) {
                throw new IllegalArgumentException("layers must not be negative, got " + layers);
            }
            this.hiddenWidths = Collections.nCopies(layers, width);
            return this;
        }

        /** Defaults to 10, the MNIST classes. */
        public Builder outputSize(int outputSize) {
            this.outputSize = outputSize;
            return this;
        }

        /** Defaults to ReLU. */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /** Dropout after each hidden activation; defaults to 0 (none). */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Batch norm between each hidden fc and its activation; defaults to off. */
        public Builder batchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        public MlpSpec build() {
            return new MlpSpec(inputSize, hiddenWidths, outputSize, activation, dropout, batchNorm);
        }
    }
}
