package io.nightshift.core.probe;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.nightshift.core.data.LabeledImages;
import io.nightshift.core.train.ModelInputs;
import io.nightshift.core.train.TrainedModel;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outputs of one named layer of a trained model: runs the layers up to and including it, in
 * inference mode (dropout off, batch norm on its running statistics).
 */
public final class ActivationProbe {

    // Bounds the native memory of one forward pass when probing a whole dataset.
    private static final int BATCH = 1000;

    private final TrainedModel model;
    private final String layer;
    private final int index;
    private final long[] shape;

    /** @throws IllegalArgumentException naming the layers there are when {@code layer} is not one */
    public ActivationProbe(TrainedModel model, String layer) {
        this.model = Objects.requireNonNull(model, "model");
        this.layer = Objects.requireNonNull(layer, "layer");
        this.index = model.spec().network().layerIndex(layer);
        this.shape = model.spec().network().plan().layerOutputs().get(index).clone();
    }

    public String layer() {
        return layer;
    }

    /** One example's activation shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Values per example. */
    public long units() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** Activations for {@code count} images of unsigned-byte pixels (as {@link LabeledImages} holds them). */
    public Activations of(byte[] pixels, int count) {
        int perImage = pixels.length / Math.max(1, count);
        float[] values = new float[Math.multiplyExact(count, (int) units())];
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            try (NDManager batch = model.manager().newSubManager()) {
                NDArray input = model.input(batch, Arrays.copyOfRange(pixels, from * perImage, to * perImage), to - from);
                float[] chunk = forward(input).toFloatArray();
                System.arraycopy(chunk, 0, values, from * (int) units(), chunk.length);
            }
        }
        return new Activations(layer, count, shape(), values);
    }

    /** Activations for the first {@code count} images of {@code images}. */
    public Activations of(LabeledImages images, int count) {
        if (count > images.count()) {
            throw new IllegalArgumentException("asked for " + count + " images, the set has " + images.count());
        }
        return of(Arrays.copyOf(images.pixels(), count * images.imageSize()), count);
    }

    /**
     * {@code (batch, inputShape...)} model inputs to {@code (batch, shape...)} activations, on the
     * model's device; the result belongs to the input's manager.
     */
    public NDArray forward(NDArray input) {
        List<Block> layers = Layers.of(model);
        NDList x = new NDList(input);
        for (int i = 0; i <= index; i++) {
            x = layers.get(i).forward(model.parameterStore(), x, false);
        }
        return x.head();
    }

    /**
     * These activations, flattened, as the inputs of another model (a sparse autoencoder trained on
     * this layer). The model must stay open while they are used.
     */
    public ModelInputs asInputs() {
        return new ModelInputs() {
            @Override
            public long features(long imagePixels) {
                long expected = Arrays.stream(model.spec().inputShape()).reduce(1, (a, b) -> a * b);
                if (imagePixels != expected) {
                    throw new IllegalArgumentException("the probed model " + model.spec().describe() + " takes "
                            + expected + " values per image, the data has " + imagePixels);
                }
                return units();
            }

            @Override
            public NDArray apply(NDArray images) {
                long count = images.getShape().get(0);
                long[] batched = new long[model.spec().inputShape().length + 1];
                batched[0] = count;
                System.arraycopy(model.spec().inputShape(), 0, batched, 1, batched.length - 1);
                return forward(images.reshape(batched)).reshape(count, units());
            }

            @Override
            public void checkDevice(Device device) {
                if (!model.manager().getDevice().equals(device)) {
                    throw new IllegalArgumentException("the probed model is on " + model.manager().getDevice()
                            + " but training runs on " + device + "; train on the same device");
                }
            }

            @Override
            public String describe() {
                return "activations of " + layer + " of " + model.spec().describe();
            }
        };
    }
}
