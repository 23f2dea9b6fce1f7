package io.nightshift.core.model;

import io.nightshift.core.arch.Activation;
import io.nightshift.core.arch.Architecture;
import io.nightshift.core.arch.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An autoencoder with a mirrored decoder: {@code inputSize -> encoderWidths... -> bottleneck ->
 * reversed(encoderWidths)... -> inputSize}, e.g. {@code 784-128-32-128-784}. Hidden layers have the
 * activation; the bottleneck is linear (the code may take any value), and the output goes through
 * a sigmoid because the inputs it reconstructs are scaled to [0, 1]. Built on {@link NetworkSpec}, so
 * the bottleneck is a named layer ({@link #bottleneckLayer()}) for probes. Train it with
 * {@code TrainingObjective.reconstruction()}.
 */
public record AutoencoderSpec(int inputSize, List<Integer> encoderWidths, int bottleneck, Activation activation)
        implements ModelSpec {

    public AutoencoderSpec {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        encoderWidths = List.copyOf(Objects.requireNonNull(encoderWidths, "encoderWidths"));
        for (int i = 0; i < encoderWidths.size(); i++) {
            if (encoderWidths.get(i) < 1) {
                throw new IllegalArgumentException("encoder layer " + (i + 1) + " must have a positive width, got "
                        + encoderWidths.get(i));
            }
        }
        if (bottleneck < 1) {
            throw new IllegalArgumentException("the bottleneck must have at least 1 unit, got " + bottleneck);
        }
        Objects.requireNonNull(activation, "activation");
    }

    /** A 784-input autoencoder with a single hidden encoder layer and ReLU. */
    public static AutoencoderSpec of(int hidden, int bottleneck) {
        return new AutoencoderSpec(28 * 28, List.of(hidden), bottleneck, Activation.RELU);
    }

    /** The whole network in the grammar, e.g. {@code fc(128) relu fc(32) fc(128) relu fc(784) sigmoid}. */
    public Architecture architecture() {
        List<Layer> layers = new ArrayList<>();
        for (int width : encoderWidths) {
            layers.add(new Layer.Fc(width));
            layers.add(new Layer.Act(activation));
        }
        layers.add(new Layer.Fc(bottleneck));
        for (int i = encoderWidths.size() - 1; i >= 0; i--) {
            layers.add(new Layer.Fc(encoderWidths.get(i)));
            layers.add(new Layer.Act(activation));
        }
        layers.add(new Layer.Fc(inputSize));
        layers.add(new Layer.Act(Activation.SIGMOID));
        return new Architecture(layers);
    }

    /** The name of the bottleneck layer, whose activations are the code (e.g. {@code fc2}). */
    public String bottleneckLayer() {
        return "fc" + (encoderWidths.size() + 1);
    }

    @Override
    public NetworkSpec network() {
        return NetworkSpec.of(architecture(), new long[] {inputSize}, inputSize, Long.MAX_VALUE);
    }

    /** E.g. {@code autoencoder 784-128-32-128-784 relu}. */
    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("autoencoder ").append(inputSize);
        encoderWidths.forEach(w -> s.append('-').append(w));
        s.append('-').append(bottleneck);
        for (int i = encoderWidths.size() - 1; i >= 0; i--) {
            s.append('-').append(encoderWidths.get(i));
        }
        return s.append('-').append(inputSize).append(' ').append(activation.name().toLowerCase(Locale.ROOT)).toString();
    }
}
