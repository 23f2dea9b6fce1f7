package io.nightshift.core.arch;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An architecture checked against an input shape: the shape after every layer and the number of
 * trainable parameters. Shapes are per example (no batch axis): {@code [channels, height, width]}
 * for images, {@code [features]} for vectors.
 *
 * @param layerOutputs the shape after each layer of {@code architecture}, in order
 */
public record ShapePlan(Architecture architecture, long[] input, List<long[]> layerOutputs, long parameterCount) {

    public ShapePlan {
        input = input.clone();
        layerOutputs = List.copyOf(layerOutputs);
    }

    /** The shape the network produces per example. */
    public long[] output() {
        return layerOutputs.get(layerOutputs.size() - 1).clone();
    }

    /** Elements of the output per example. */
    public long outputSize() {
        return Arrays.stream(output()).reduce(1, (a, b) -> a * b);
    }

    /** E.g. {@code 1x28x28 -conv(8,3)-> 8x26x26 -relu-> ...}, for logs. */
    public String describe() {
        StringBuilder s = new StringBuilder(dims(input));
        for (int i = 0; i < layerOutputs.size(); i++) {
            s.append(" -").append(architecture.layers().get(i).text()).append("-> ").append(dims(layerOutputs.get(i)));
        }
        return s.toString();
    }

    static String dims(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }
}
