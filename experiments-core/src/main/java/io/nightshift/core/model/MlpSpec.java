package io.nightshift.core.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fully connected network: {@code inputSize -> hiddenWidths... -> outputSize}, with the
 * activation after every hidden layer and none after the output (it produces logits).
 */
public record MlpSpec(int inputSize, List<Integer> hiddenWidths, int outputSize, Activation activation) {

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
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fresh, uninitialised DJL block for this architecture. */
    public Block newBlock() {
        SequentialBlock block = new SequentialBlock();
        for (int width : hiddenWidths) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(activation.newBlock());
        }
        block.add(Linear.builder().setUnits(outputSize).build());
        return block;
    }

    /** Weights plus biases of every layer. */
    public long parameterCount() {
        long count = 0;
        int in = inputSize;
        List<Integer> widths = new ArrayList<>(hiddenWidths);
        widths.add(outputSize);
        for (int out : widths) {
            count += (long) in * out + out;
            in = out;
        }
        return count;
    }

    /** E.g. {@code 784-128-10 relu}. */
    public String describe() {
        StringBuilder s = new StringBuilder().append(inputSize);
        hiddenWidths.forEach(w -> s.append('-').append(w));
        return s.append('-').append(outputSize).append(' ').append(activation.name().toLowerCase(java.util.Locale.ROOT)).toString();
    }

    public static final class Builder {
        private int inputSize = 28 * 28;
        private List<Integer> hiddenWidths = List.of(128);
        private int outputSize = 10;
        private Activation activation = Activation.RELU;

        /** Defaults to 784, one MNIST image. */
        public Builder inputSize(int inputSize) {
            this.inputSize = inputSize;
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
            this.hiddenWidths = java.util.Collections.nCopies(layers, width);
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

        public MlpSpec build() {
            return new MlpSpec(inputSize, hiddenWidths, outputSize, activation);
        }
    }
}
