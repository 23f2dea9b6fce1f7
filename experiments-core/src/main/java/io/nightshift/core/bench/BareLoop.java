package io.nightshift.core.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.nightshift.core.data.LabeledImages;
import io.nightshift.core.model.ModelSpec;
import java.util.Arrays;
import java.util.Random;

/**
 * The baseline: the shortest honest DJL loop a person would write by hand. Float pixels on the
 * device, a shuffled gather per batch, forward, backward, Adam; no metrics, no limits, no
 * evaluation. Times the training pass only, as the core's samples-per-second does.
 */
final class BareLoop {

    private BareLoop() {
    }

    /** One epoch over the first {@code count} images; returns images per second. */
    static double imagesPerSecond(ModelSpec spec, LabeledImages images, int count, int batchSize, double learningRate,
                                  long seed, Device device) {
        return imagesPerSecond(spec, images, count, batchSize, learningRate, seed, device, 1);
    }

    /** {@code epochs} epochs over the first {@code count} images, each shuffled anew; returns images per second. */
    static double imagesPerSecond(ModelSpec spec, LabeledImages images, int count, int batchSize, double learningRate,
                                  long seed, Device device, int epochs) {
        Engine engine = Engine.getInstance();
        engine.setRandomSeed((int) seed);
        long[] example = spec.inputShape();
        try (NDManager manager = engine.newBaseManager(device)) {
            float[] pixels = new float[count * images.imageSize()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (images.pixels()[i] & 0xff) / 255f;
            }
            NDArray x = manager.create(pixels, new Shape(count, images.imageSize()));
            long[] labels = new long[count];
            Arrays.setAll(labels, images::label);
            NDArray y = manager.create(labels);

            Block block = spec.newBlock();
            block.initialize(manager, DataType.FLOAT32, shape(1, example));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
            ParameterStore store = new ParameterStore(manager, false);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            long[] order = new long[count];
            Arrays.setAll(order, i -> i);
            Random random = new Random(seed);
            long nanos = 0;
            float last = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int i = count - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    long t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }

                long start = System.nanoTime();
                for (int from = 0; from < count; from += batchSize) {
                    int to = Math.min(count, from + batchSize);
                    try (NDManager batch = manager.newSubManager()) {
                        NDArray index = batch.create(Arrays.copyOfRange(order, from, to));
                        NDArray bx = x.get(new NDIndex("{}", index));
                        bx.attach(batch);
                        NDArray by = y.get(new NDIndex("{}", index));
                        by.attach(batch);
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray logits = block.forward(store, new NDList(bx.reshape(shape(to - from, example))), true)
                                    .singletonOrThrow();
                            NDArray l = loss.evaluate(new NDList(by), new NDList(logits));
                            collector.backward(l);
                            if (to == count) {
                                last = l.getFloat();
                            }
                        }
                        for (Parameter p : block.getParameters().values()) {
                            if (p.requiresGradient()) {
                                try (NDArray g = p.getArray().getGradient()) {
                                    adam.update(p.getId(), p.getArray(), g);
                                }
                            }
                        }
                    }
                }
                nanos += System.nanoTime() - start;
            }
            if (!Float.isFinite(last)) {
                throw new IllegalStateException("the bare loop diverged (loss " + last + ")");
            }
            return (double) count * epochs / (nanos / 1e9);
        }
    }

    static Shape shape(long batch, long[] example) {
        long[] s = new long[example.length + 1];
        s[0] = batch;
        System.arraycopy(example, 0, s, 1, example.length);
        return new Shape(s);
    }
}
