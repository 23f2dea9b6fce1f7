package io.nightshift.core.arch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks an architecture against its input before anything is allocated: every layer must get a
 * shape it can handle, the network must end with the expected number of outputs, and the
 * parameter count must stay under a limit. A proposal that fails here is rejected with the
 * message, without a trial being spent on it.
 */
public final class ArchitectureValidator {

    private final long[] input;
    private long expectedOutputs = -1;
    private long maxParameters = Long.MAX_VALUE;

    /** @param input the shape of one example: {@code [channels, height, width]} or {@code [features]} */
    public ArchitectureValidator(long... input) {
        if (input.length != 1 && input.length != 3 || Arrays.stream(input).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("input shape must be [features] or [channels, height, width] with"
                    + " positive sizes, got " + Arrays.toString(input));
        }
        this.input = input.clone();
    }

    /** Require the network to end with exactly this many outputs per example (e.g. 10 classes). */
    public ArchitectureValidator expectOutputs(long outputs) {
        this.expectedOutputs = outputs;
        return this;
    }

    /** Reject networks with more trainable parameters than this. */
    public ArchitectureValidator maxParameters(long maxParameters) {
        this.maxParameters = maxParameters;
        return this;
    }

    /** @throws InvalidArchitectureException naming the layer, the shape it got and what to change */
    public ShapePlan validate(Architecture architecture) {
        List<long[]> outputs = new ArrayList<>();
        long[] shape = input;
        long parameters = 0;
        List<Layer> layers = architecture.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = "layer " + (i + 1) + " '" + layer.text() + "' gets " + ShapePlan.dims(shape);
            if (layer instanceof Layer.Conv c) {
                if (shape.length != 3) {
                    throw new InvalidArchitectureException(i, where + " (a flat vector), but conv needs an image"
                            + " (channels x height x width); put convolutions before any fc or flatten");
                }
                long h = convolved(shape[1], c.kernel(), c.stride(), c.padding());
                long w = convolved(shape[2], c.kernel(), c.stride(), c.padding());
                if (h < 1 || w < 1) {
                    throw new InvalidArchitectureException(i, where + ", smaller than its " + c.kernel() + "x"
                            + c.kernel() + " kernel with padding " + c.padding()
                            + "; use a smaller kernel, padding, or fewer pooling layers before it");
                }
                parameters += (long) c.filters() * shape[0] * c.kernel() * c.kernel() + c.filters();
                shape = new long[] {c.filters(), h, w};
            } else if (layer instanceof Layer.Pool p) {
                if (shape.length != 3) {
                    throw new InvalidArchitectureException(i, where + " (a flat vector), but pooling needs an"
                            + " image; put pooling before any fc or flatten");
                }
                if (shape[1] < p.size() || shape[2] < p.size()) {
                    throw new InvalidArchitectureException(i, where + ", smaller than its " + p.size() + "x"
                            + p.size() + " window; remove a pooling layer or use a smaller window");
                }
                shape = new long[] {shape[0], convolved(shape[1], p.size(), p.stride(), 0),
                        convolved(shape[2], p.size(), p.stride(), 0)};
            } else if (layer instanceof Layer.Fc f) {
                parameters += elements(shape) * f.units() + f.units();
                shape = new long[] {f.units()};
            } else if (layer instanceof Layer.BatchNorm) {
                parameters += 2 * shape[0];
            } else if (layer instanceof Layer.Flatten) {
                shape = new long[] {elements(shape)};
            }
            // Activations and dropout keep the shape and have no parameters.
            outputs.add(shape);
        }
        ShapePlan plan = new ShapePlan(architecture, input, outputs, parameters);
        if (expectedOutputs > 0 && (shape.length != 1 || shape[0] != expectedOutputs)) {
            throw new InvalidArchitectureException(-1, "the network '" + architecture + "' ends with "
                    + ShapePlan.dims(shape) + " outputs per example but " + expectedOutputs
                    + " are needed; end it with fc(" + expectedOutputs + ")");
        }
        if (parameters > maxParameters) {
            throw new InvalidArchitectureException(-1, "the network '" + architecture + "' has " + parameters
                    + " parameters, over the limit of " + maxParameters + "; use fewer filters or units, or pool"
                    + " before the first fc");
        }
        return plan;
    }

    static long elements(long[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    private static long convolved(long size, int kernel, int stride, int padding) {
        long span = size + 2L * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }
}
