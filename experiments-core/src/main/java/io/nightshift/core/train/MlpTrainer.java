package io.nightshift.core.train;

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
import io.nightshift.core.data.LabeledImages;
import io.nightshift.core.data.Mnist;
import io.nightshift.core.model.MlpSpec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains an {@link MlpSpec} classifier on MNIST with DJL.
 *
 * <p>A hand-written loop rather than DJL's {@code EasyTrain}: EasyTrain's loss and accuracy
 * evaluators copy a scalar to the host after every batch, which stalls a GPU and costs a visible
 * share of a small CPU model's time. Here the whole dataset sits on the device as bytes, batches
 * are gathered there, and the running loss stays on the device until the epoch ends.
 *
 * <p>The validation split is the last {@code validationFraction} of the training set, the same
 * for every seed, so that trials with different seeds are compared on the same images.
 *
 * <p>DJL's PyTorch engine allows one gradient collector per JVM at a time, so run one training
 * at a time per process.
 */
public final class MlpTrainer {

    // Evaluation needs no gradients, so it can take larger slices than training batches.
    private static final int EVAL_BATCH = 1000;

    private static final Pattern DEVICE_NAME = Pattern.compile("(cpu|gpu)(?::?([0-9]+))?");

    private final MlpSpec spec;
    private final TrainingConfig config;

    public MlpTrainer(MlpSpec spec, TrainingConfig config) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Trains, then measures test accuracy.
     *
     * @throws IllegalArgumentException when the data does not fit the model or the device is unusable
     */
    public TrainingResult train(Mnist data, TrainingListener listener) {
        Objects.requireNonNull(listener, "listener");
        LabeledImages all = data.train();
        int features = all.imageSize();
        if (spec.inputSize() != features) {
            throw new IllegalArgumentException("the model takes " + spec.inputSize() + " inputs but the images have "
                    + all.rows() + "x" + all.cols() + " = " + features + " pixels");
        }
        if (spec.outputSize() < Mnist.CLASSES) {
            throw new IllegalArgumentException("the model has " + spec.outputSize() + " outputs, MNIST needs "
                    + Mnist.CLASSES);
        }
        int valCount = Math.max(1, (int) Math.round(all.count() * config.validationFraction()));
        int trainCount = all.count() - valCount;
        if (trainCount < 1) {
            throw new IllegalArgumentException("the training set of " + all.count() + " images is too small to hold out "
                    + valCount + " for validation");
        }

        Engine engine = Engine.getInstance();
        Device device = resolveDevice(config.device(), engine);
        engine.setRandomSeed(Long.hashCode(config.seed()));
        long start = System.nanoTime();

        try (NDManager manager = engine.newBaseManager(device)) {
            NDArray trainX = images(manager, all, 0, trainCount);
            NDArray trainY = labels(manager, all, 0, trainCount);
            NDArray valX = images(manager, all, trainCount, all.count());
            NDArray valY = labels(manager, all, trainCount, all.count());

            Block block = spec.newBlock();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, features));
            List<Parameter> parameters = block.getParameters().values();
            Optimizer optimizer = config.optimizer().newOptimizer();
            ParameterStore store = new ParameterStore(manager, false);
            Loss loss = Loss.softmaxCrossEntropyLoss();

            long[] order = new long[trainCount];
            Arrays.setAll(order, i -> i);
            Random shuffle = new Random(config.seed());
            Instant deadline = config.deadline().orElse(null);

            StopReason stop = StopReason.COMPLETED;
            long steps = 0;
            int epochsCompleted = 0;
            double trainLoss = Double.NaN;
            Evaluation val = null;

            epochs:
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                shuffle(order, shuffle);
                long epochStart = System.nanoTime();
                long samples = 0;
                try (NDManager epochManager = manager.newSubManager()) {
                    NDArray lossSum = epochManager.zeros(new Shape(), DataType.FLOAT32);
                    for (int from = 0; from < trainCount; from += config.batchSize()) {
                        if (config.cancelled().getAsBoolean()) {
                            stop = StopReason.CANCELLED;
                        } else if (deadline != null && Instant.now().isAfter(deadline)) {
                            stop = StopReason.DEADLINE;
                        }
                        if (stop != StopReason.COMPLETED) {
                            trainLoss = samples == 0 ? trainLoss : lossSum.getFloat() / samples;
                            break epochs;
                        }
                        int to = Math.min(trainCount, from + config.batchSize());
                        trainStep(block, store, loss, optimizer, parameters, trainX, trainY,
                                Arrays.copyOfRange(order, from, to), lossSum);
                        samples += to - from;
                        steps++;
                    }
                    // The one device-to-host copy of the epoch; it also waits for queued GPU work,
                    // so the throughput below is honest.
                    trainLoss = lossSum.getFloat() / samples;
                }
                double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
                val = evaluate(block, store, loss, valX, valY);
                epochsCompleted = epoch;
                listener.onEpoch(new EpochMetrics(epoch, steps, trainLoss, val.loss(), val.accuracy(),
                        samples / trainSeconds, (System.nanoTime() - start) / 1e9));
            }
            if (stop != StopReason.COMPLETED || val == null) {
                val = evaluate(block, store, loss, valX, valY);
            }
            LabeledImages test = data.test();
            Evaluation testEval;
            try (NDManager testManager = manager.newSubManager()) {
                testEval = evaluate(block, store, loss, images(testManager, test, 0, test.count()),
                        labels(testManager, test, 0, test.count()));
            }
            return new TrainingResult(epochsCompleted, steps, trainLoss, val.loss(), val.accuracy(),
                    testEval.accuracy(), spec.parameterCount(), (System.nanoTime() - start) / 1e9, stop);
        }
    }

    private static void trainStep(Block block, ParameterStore store, Loss loss, Optimizer optimizer,
                                  List<Parameter> parameters, NDArray allX, NDArray allY, long[] indices,
                                  NDArray lossSum) {
        try (NDManager batch = lossSum.getManager().newSubManager()) {
            NDArray index = batch.create(indices);
            NDArray x = gather(allX, index, batch).toType(DataType.FLOAT32, false).divi(255f);
            NDArray y = gather(allY, index, batch);
            NDArray batchLoss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                batchLoss = loss.evaluate(new NDList(y), new NDList(logits));
                collector.backward(batchLoss);
            }
            lossSum.addi(batchLoss.stopGradient().muli(indices.length));
            for (Parameter parameter : parameters) {
                NDArray weight = parameter.getArray();
                // A fresh handle to the gradient each step; closing it frees the handle, not the gradient.
                try (NDArray gradient = weight.getGradient()) {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
            }
        }
    }

    /** Rows {@code index} of {@code source}, owned by {@code owner} (an op's result belongs to its input's manager). */
    private static NDArray gather(NDArray source, NDArray index, NDManager owner) {
        NDArray rows = source.get(new NDIndex("{}", index));
        rows.attach(owner);
        return rows;
    }

    private record Evaluation(double loss, double accuracy) {
    }

    private static Evaluation evaluate(Block block, ParameterStore store, Loss loss, NDArray x, NDArray y) {
        long count = x.getShape().get(0);
        try (NDManager eval = x.getManager().newSubManager()) {
            NDArray lossSum = eval.zeros(new Shape(), DataType.FLOAT32);
            NDArray correct = eval.zeros(new Shape(), DataType.INT64);
            for (long from = 0; from < count; from += EVAL_BATCH) {
                long to = Math.min(count, from + EVAL_BATCH);
                try (NDManager batch = eval.newSubManager()) {
                    NDArray bx = x.get(new NDIndex("{}:{}", from, to));
                    bx.attach(batch);
                    NDArray by = y.get(new NDIndex("{}:{}", from, to));
                    by.attach(batch);
                    NDArray logits = block.forward(store, new NDList(bx.toType(DataType.FLOAT32, false).divi(255f)), false)
                            .singletonOrThrow();
                    lossSum.addi(loss.evaluate(new NDList(by), new NDList(logits)).muli(to - from));
                    correct.addi(logits.argMax(1).eq(by).toType(DataType.INT64, false).sum());
                }
            }
            return new Evaluation(lossSum.getFloat() / count, (double) correct.getLong() / count);
        }
    }

    private static NDArray images(NDManager manager, LabeledImages set, int from, int to) {
        int size = set.imageSize();
        byte[] pixels = Arrays.copyOfRange(set.pixels(), from * size, to * size);
        return manager.create(ByteBuffer.wrap(pixels), new Shape(to - from, size), DataType.UINT8);
    }

    private static NDArray labels(NDManager manager, LabeledImages set, int from, int to) {
        long[] labels = new long[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = set.label(i);
        }
        return manager.create(labels);
    }

    private static void shuffle(long[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * The DJL device for {@code name} ({@code cpu}, {@code gpu:N}).
     *
     * @throws IllegalArgumentException when the name is malformed or names a GPU the engine does not have
     */
    public static Device resolveDevice(String name, Engine engine) {
        // Accepts the project's "gpu:0" as well as DJL's own "gpu0".
        Matcher m = DEVICE_NAME.matcher(name.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("device '" + name + "' is not valid; use cpu or gpu:N");
        }
        Device device = m.group(1).equals("cpu")
                ? Device.cpu()
                : Device.gpu(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        if (device.isGpu()) {
            int gpus = engine.getGpuCount();
            if (device.getDeviceId() >= gpus) {
                throw new IllegalArgumentException("device '" + name + "' was requested but DJL's "
                        + engine.getEngineName() + " engine sees " + gpus + " GPU(s). With the CPU build of libtorch"
                        + " (pytorch-native-cpu) no GPU is visible: use a CUDA build of libtorch and a machine with a"
                        + " GPU, or choose device cpu.");
            }
        }
        return device;
    }
}
