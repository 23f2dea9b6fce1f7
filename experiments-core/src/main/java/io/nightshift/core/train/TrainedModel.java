package io.nightshift.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.nightshift.core.model.ModelSpec;
import java.util.Arrays;

/**
 * A model after training, still on its device, for probes and predictions. Holds native memory:
 * close it (try-with-resources) when done.
 */
public final class TrainedModel implements AutoCloseable {

    private final ModelSpec spec;
    private final NDManager manager;
    private final Block block;
    private final TrainingResult result;
    private final ParameterStore store;

    TrainedModel(ModelSpec spec, NDManager manager, Block block, TrainingResult result) {
        this.spec = spec;
        this.manager = manager;
        this.block = block;
        this.result = result;
        this.store = new ParameterStore(manager, false);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The trained DJL block; child {@code i} is layer {@code i} of {@code spec().network()}. */
    public Block block() {
        return block;
    }

    /** The manager that owns the model's parameters; make sub-managers of it for temporary arrays. */
    public NDManager manager() {
        return manager;
    }

    public TrainingResult result() {
        return result;
    }

    /** Parameter store for inference forwards ({@code training = false}). */
    public ParameterStore parameterStore() {
        return store;
    }

    /**
     * Images as the model takes them: {@code pixels} holds {@code count} images of unsigned bytes,
     * scaled to [0, 1] and shaped {@code (count, inputShape...)}. The array belongs to {@code owner}.
     */
    public NDArray input(NDManager owner, byte[] pixels, int count) {
        long[] shape = spec.inputShape();
        long[] batched = new long[shape.length + 1];
        batched[0] = count;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        long perExample = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (pixels.length != count * perExample) {
            throw new IllegalArgumentException(count + " examples of " + perExample + " values need " + count * perExample
                    + " bytes, got " + pixels.length);
        }
        return owner.create(java.nio.ByteBuffer.wrap(pixels), new Shape(batched), DataType.UINT8)
                .toType(DataType.FLOAT32, false).divi(255f);
    }

    /** Inference forward pass; the result belongs to the input's manager. */
    public NDArray forward(NDArray input) {
        // The first output is the prediction; a sparse autoencoder adds its code after it.
        return block.forward(store, new NDList(input), false).head();
    }

    @Override
    public void close() {
        manager.close();
    }
}
