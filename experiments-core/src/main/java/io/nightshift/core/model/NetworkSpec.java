package io.nightshift.core.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.nightshift.core.arch.Architecture;
import io.nightshift.core.arch.ArchitectureValidator;
import io.nightshift.core.arch.Layer;
import io.nightshift.core.arch.ShapePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Any network the architecture grammar describes, checked against its input shape on
 * construction: an instance always builds a block that runs. Layers are named by kind and
 * ordinal ({@code conv1}, {@code relu2}, {@code fc3}) for probes.
 */
public final class NetworkSpec implements ModelSpec {

    private final ShapePlan plan;
    private final List<String> layerNames;

    private NetworkSpec(ShapePlan plan) {
        this.plan = plan;
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Layer layer : plan.architecture().layers()) {
            String kind = kind(layer);
            names.add(kind + seen.merge(kind, 1, Integer::sum));
        }
        this.layerNames = List.copyOf(names);
    }

    /**
     * Parses and validates.
     *
     * @param outputs the outputs the task needs per example (e.g. 10 classes), or 0 for any
     * @throws io.nightshift.core.arch.ArchitectureSyntaxException   when the text does not parse
     * @throws io.nightshift.core.arch.InvalidArchitectureException when the shapes do not fit
     */
    public static NetworkSpec parse(String architecture, long[] input, long outputs) {
        return of(Architecture.parse(architecture), input, outputs, Long.MAX_VALUE);
    }

    /** Validates {@code architecture} on {@code input}; see {@link ArchitectureValidator}. */
    public static NetworkSpec of(Architecture architecture, long[] input, long outputs, long maxParameters) {
        ArchitectureValidator validator = new ArchitectureValidator(input).maxParameters(maxParameters);
        if (outputs > 0) {
            validator.expectOutputs(outputs);
        }
        return new NetworkSpec(validator.validate(architecture));
    }

    public Architecture architecture() {
        return plan.architecture();
    }

    /** The shapes after every layer. */
    public ShapePlan plan() {
        return plan;
    }

    /** One name per layer of {@link #architecture()}, in order. */
    public List<String> layerNames() {
        return layerNames;
    }

    /** The index of the layer called {@code name}, or an error listing the names there are. */
    public int layerIndex(String name) {
        int index = layerNames.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no layer '" + name + "' in " + describe() + "; layers are "
                    + layerNames);
        }
        return index;
    }

    @Override
    public long[] inputShape() {
        return plan.input();
    }

    @Override
    public long outputCount() {
        return plan.outputSize();
    }

    @Override
    public long parameterCount() {
        return plan.parameterCount();
    }

    @Override
    public NetworkSpec network() {
        return this;
    }

    /**
     * One child per layer of the architecture, in order, so child {@code i} is layer {@code i}. An
     * fc layer that gets an image is a two-block sequence, flatten then linear.
     */
    @Override
    public Block newBlock() {
        SequentialBlock block = new SequentialBlock();
        List<Layer> layers = plan.architecture().layers();
        for (int i = 0; i < layers.size(); i++) {
            long[] in = i == 0 ? plan.input() : plan.layerOutputs().get(i - 1);
            block.add(newLayerBlock(layers.get(i), in.length > 1));
        }
        return block;
    }

    private static Block newLayerBlock(Layer layer, boolean imageInput) {
        if (layer instanceof Layer.Conv c) {
            return Conv2d.builder().setFilters(c.filters()).setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(c.padding(), c.padding()))
                    .build();
        } else if (layer instanceof Layer.Pool p) {
            Shape window = new Shape(p.size(), p.size());
            Shape stride = new Shape(p.stride(), p.stride());
            return p.kind() == Layer.PoolKind.MAX ? Pool.maxPool2dBlock(window, stride) : Pool.avgPool2dBlock(window, stride);
        } else if (layer instanceof Layer.Fc f) {
            Block linear = Linear.builder().setUnits(f.units()).build();
            return imageInput ? new SequentialBlock().add(Blocks.batchFlattenBlock()).add(linear) : linear;
        } else if (layer instanceof Layer.Act a) {
            return a.activation().newBlock();
        } else if (layer instanceof Layer.Dropout d) {
            return Dropout.builder().optRate((float) d.rate()).build();
        } else if (layer instanceof Layer.BatchNorm) {
            return BatchNorm.builder().build();
        } else if (layer instanceof Layer.Flatten) {
            return Blocks.batchFlattenBlock();
        }
        throw new IllegalStateException("no block for layer " + layer);
    }

    private static String kind(Layer layer) {
        if (layer instanceof Layer.Act a) {
            return a.activation().name().toLowerCase(Locale.ROOT);
        } else if (layer instanceof Layer.Pool p) {
            return p.kind() == Layer.PoolKind.MAX ? "pool" : "avgpool";
        }
        return layer.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String describe() {
        return plan.architecture().toString();
    }

    @Override
    public String toString() {
        return "NetworkSpec[" + plan.describe() + ", " + plan.parameterCount() + " parameters]";
    }
}
