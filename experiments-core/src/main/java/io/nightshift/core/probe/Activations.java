package io.nightshift.core.probe;

import java.util.Arrays;

/**
 * A layer's outputs for a batch of inputs, copied to the host.
 *
 * @param layer  the layer's name
 * @param count  examples
 * @param shape  one example's activation shape, e.g. {@code [128]} or {@code [8, 26, 26]}
 * @param values {@code count} blocks of {@code product(shape)} values, row-major
 */
public record Activations(String layer, int count, long[] shape, float[] values) {

    /** Values per example. */
    public int unitsPerExample() {
        return (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** Unit {@code unit} (an index into the flattened example) of example {@code example}. */
    public float value(int example, int unit) {
        return values[example * unitsPerExample() + unit];
    }
}
