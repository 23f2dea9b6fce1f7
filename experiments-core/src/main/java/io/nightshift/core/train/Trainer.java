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
import ai.djl.training.optimizer.Optimizer;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.LabeledImages;
import io.nightshift.core.device.Devices;
import io.nightshift.core.model.ModelSpec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Trains any {@link ModelSpec} on any {@link ImageDataset} with DJL: the one training loop every plugin
 * uses; the class count and image shape come from the dataset. What is
 * minimised is a {@link TrainingObjective} (classification by default, reconstruction for
 * autoencoders), and what the model is fed is a {@link ModelInputs} (the pixels by default, or
 * another model's activations), so classifiers and autoencoders share schedules, limits and metrics.
 *
 * <p>A hand-written loop rather than DJL's {@code EasyTrain}: EasyTrain's loss and accuracy
 * evaluators copy a scalar to the host after every batch, which stalls a GPU and costs a visible
 * share of a small CPU model's time. Here the whole dataset sits on the device as bytes, batches
 * are gathered there, and the running loss stays on the device until the epoch ends (or until a
 * k-step report, when asked for).
 *
 * <p>Same spec, config and device give the same metrics: the engine's random seed is set from the
 * config's seed before the weights are initialised, and shuffling, subsetting and label noise are
 * drawn from it too.
 *
 * <p>DJL's PyTorch engine allows one gradient collector per JVM at a time, so run one training
 * at a time per process.
 */
public final class Trainer {

    // Evaluation needs no gradients, so it can take larger slices than training batches.
    private static final int EVAL_BATCH = 1000;

    private final ModelSpec spec;
    private final TrainingConfig config;
    private final TrainingObjective objective;
    private final ModelInputs inputs;

    /** A classifier of the pixels. */
    public Trainer(ModelSpec spec, TrainingConfig config) {
        this(spec, config, TrainingObjective.classification(), ModelInputs.pixels());
    }

    public Trainer(ModelSpec spec, TrainingConfig config, TrainingObjective objective, ModelInputs inputs) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = Objects.requireNonNull(config, "config");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
    }

    /** Trains, measures the test set, and frees the model. */
    public TrainingResult train(ImageDataset data, TrainingListener listener) {
        try (TrainedModel model = fit(data, listener)) {
            return model.result();
        }
    }

    /**
     * Trains and measures the test set, and keeps the model on its device for probes. The caller
     * closes the returned model.
     *
     * @throws IllegalArgumentException when the data does not fit the model, the options do not fit
     *                                  the data, or the device is unusable
     */
    public TrainedModel fit(ImageDataset data, TrainingListener listener) {
        Objects.requireNonNull(listener, "listener");
        LabeledImages all = data.train();
        long features = Arrays.stream(spec.inputShape()).reduce(1, (a, b) -> a * b);
        long available = inputs.features(all.imageSize());
        if (features != available) {
            throw new IllegalArgumentException("the model " + spec.describe() + " takes " + Arrays.toString(spec.inputShape())
                    + " = " + features + " inputs but " + inputs.describe() + " of " + data.title() + "'s "
                    + data.shape() + " images give " + available + " values");
        }
        objective.check(spec, features, data.spec());
        if (!objective.usesLabels() && config.labelNoise() > 0) {
            throw new IllegalArgumentException("label noise " + config.labelNoise() + " has no effect on the "
                    + objective + " objective, which ignores labels; leave it at 0");
        }
        TrainingSplit split = TrainingSplit.of(all, data.classes(), config);
        int trainCount = split.trainIndices().length;

        Engine engine = Engine.getInstance();
        Device device = Devices.resolve(config.device(), engine);
        inputs.checkDevice(device);
        engine.setRandomSeed(Long.hashCode(config.seed()));
        long start = System.nanoTime();
        Instant deadline = effectiveDeadline();

        NDManager manager = engine.newBaseManager(device);
        try {
            NDArray trainX = images(manager, all, split.trainIndices());
            NDArray trainY = manager.create(toLongs(split.trainLabels()));
            int[] valIndices = range(split.valFrom(), all.count());
            NDArray valX = images(manager, all, valIndices);
            NDArray valY = labels(manager, all, valIndices);

            Block block = spec.newBlock();
            block.initialize(manager, DataType.FLOAT32, batchShape(1));
            // Batch norm's running statistics are parameters too, but have no gradient.
            List<Parameter> parameters = block.getParameters().values().stream()
                    .filter(Parameter::requiresGradient).toList();
            long stepsPerEpoch = (trainCount + config.batchSize() - 1) / config.batchSize();
            ScheduledRate rate = new ScheduledRate(config.optimizer().learningRate(), config.schedule(),
                    stepsPerEpoch, stepsPerEpoch * config.epochs());
            Optimizer optimizer = config.optimizer().newOptimizer(rate);
            ParameterStore store = new ParameterStore(manager, false);
            listener.onStart(spec.parameterCount(), trainCount);

            long[] order = new long[trainCount];
            Arrays.setAll(order, i -> i);
            Random shuffle = new Random(config.seed());

            StopReason stop = StopReason.COMPLETED;
            long steps = 0;
            int epochsCompleted = 0;
            java.nio.file.Path checkpoints = config.checkpointDirectory().orElse(null);
            int resumed = checkpoints == null ? 0 : Checkpoints.restore(checkpoints, block, manager);
            for (int done = 1; done <= resumed && done <= config.epochs(); done++) {
                // The epochs the checkpoint holds: the same shuffles are drawn, so later epochs see the data in
                // the order an uninterrupted run would have, and the schedule goes on from the right step.
                shuffle(order, shuffle);
                steps += stepsPerEpoch;
                epochsCompleted = done;
            }
            double trainLoss = Double.NaN;
            Evaluation val = null;
            double bestValLoss = Double.POSITIVE_INFINITY;
            int epochsWithoutImprovement = 0;
            double trainSecondsTotal = 0;
            long samplesTotal = 0;
            int every = config.reportEverySteps();

            epochs:
            for (int epoch = epochsCompleted + 1; epoch <= config.epochs(); epoch++) {
                shuffle(order, shuffle);
                long epochStart = System.nanoTime();
                long samples = 0;
                try (NDManager epochManager = manager.newSubManager()) {
                    NDArray lossSum = epochManager.zeros(new Shape(), DataType.FLOAT32);
                    NDArray windowSum = every > 0 ? epochManager.zeros(new Shape(), DataType.FLOAT32) : null;
                    long windowSamples = 0;
                    long windowStart = System.nanoTime();
                    for (int from = 0; from < trainCount; from += config.batchSize()) {
                        if (config.cancelled().getAsBoolean()) {
                            stop = StopReason.CANCELLED;
                        } else if (deadline != null && Instant.now().isAfter(deadline)) {
                            stop = StopReason.DEADLINE;
                        }
                        if (stop != StopReason.COMPLETED) {
                            trainLoss = samples == 0 ? trainLoss : lossSum.getFloat() / samples;
                            double seconds = (System.nanoTime() - epochStart) / 1e9;
                            trainSecondsTotal += seconds;
                            samplesTotal += samples;
                            break epochs;
                        }
                        int to = Math.min(trainCount, from + config.batchSize());
                        rate.moveTo(steps);
                        NDArray batchLoss = trainStep(block, store, optimizer, parameters, trainX, trainY,
                                Arrays.copyOfRange(order, from, to), lossSum);
                        samples += to - from;
                        steps++;
                        if (windowSum != null) {
                            windowSum.addi(batchLoss);
                            windowSamples += to - from;
                            if (steps % every == 0) {
                                // The one host sync of a k-step report, asked for by the caller.
                                double windowLoss = windowSum.getFloat() / windowSamples;
                                double seconds = (System.nanoTime() - windowStart) / 1e9;
                                listener.onSteps(new StepMetrics(epoch, steps, windowLoss, rate.current(),
                                        windowSamples / seconds, (System.nanoTime() - start) / 1e9));
                                windowSum.subi(windowSum);
                                windowSamples = 0;
                                windowStart = System.nanoTime();
                            }
                        }
                        batchLoss.close();
                    }
                    // The one device-to-host copy of the epoch; it also waits for queued GPU work,
                    // so the throughput below is honest.
                    trainLoss = lossSum.getFloat() / samples;
                }
                double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
                trainSecondsTotal += trainSeconds;
                samplesTotal += samples;
                val = evaluate(block, store, valX, valY);
                Evaluation test = config.testEveryEpoch() ? evaluateTest(block, store, manager, data.test())
                        : new Evaluation(Double.NaN, Double.NaN);
                epochsCompleted = epoch;
                if (checkpoints != null) {
                    Checkpoints.save(checkpoints, block, epoch);
                }
                listener.onEpoch(new EpochMetrics(epoch, steps, trainLoss, val.loss(), val.accuracy(), test.loss(),
                        test.accuracy(), rate.current(), samples / trainSeconds, (System.nanoTime() - start) / 1e9));
                if (config.earlyStoppingPatience() > 0) {
                    if (val.loss() < bestValLoss - config.earlyStoppingMinDelta()) {
                        bestValLoss = val.loss();
                        epochsWithoutImprovement = 0;
                    } else if (++epochsWithoutImprovement >= config.earlyStoppingPatience()) {
                        stop = epoch < config.epochs() ? StopReason.EARLY_STOPPED : StopReason.COMPLETED;
                        break;
                    }
                }
            }
            if (steps == 0) {
                throw new NothingTrainedException(stop == StopReason.CANCELLED
                        ? "the trial was cancelled before its first training step; nothing was trained"
                        : "the time budget ran out before the first training step (deadline " + deadline
                                + "); nothing was trained. Give the trial a larger budget.");
            }
            if (stop == StopReason.CANCELLED || stop == StopReason.DEADLINE || val == null) {
                val = evaluate(block, store, valX, valY);
            }
            Evaluation test = evaluateTest(block, store, manager, data.test());
            TrainingResult result = new TrainingResult(epochsCompleted, steps, trainLoss, val.loss(), val.accuracy(),
                    test.loss(), test.accuracy(), spec.parameterCount(), trainCount, split.noisyLabels(),
                    trainSecondsTotal > 0 ? samplesTotal / trainSecondsTotal : 0, (System.nanoTime() - start) / 1e9, stop);
            // The training data is no longer needed; the model stays for probes.
            trainX.close();
            trainY.close();
            valX.close();
            valY.close();
            return new TrainedModel(spec, manager, block, result);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    private Instant effectiveDeadline() {
        Instant fromBudget = config.timeBudget().map(b -> Instant.now().plus(b)).orElse(null);
        Instant fixed = config.deadline().orElse(null);
        if (fromBudget == null || fixed == null) {
            return fromBudget == null ? fixed : fromBudget;
        }
        return fromBudget.isBefore(fixed) ? fromBudget : fixed;
    }

    /** {@code (batch, inputShape...)}. */
    private Shape batchShape(long batch) {
        long[] shape = spec.inputShape();
        long[] batched = new long[shape.length + 1];
        batched[0] = batch;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        return new Shape(batched);
    }

    /** One step; returns the batch's summed loss (detached, owned by lossSum's manager) for k-step reports. */
    private NDArray trainStep(Block block, ParameterStore store, Optimizer optimizer,
                              List<Parameter> parameters, NDArray allX, NDArray allY, long[] indices, NDArray lossSum) {
        try (NDManager batch = lossSum.getManager().newSubManager()) {
            NDArray index = batch.create(indices);
            NDArray x = modelInput(gather(allX, index, batch), indices.length);
            NDArray y = gather(allY, index, batch);
            NDArray batchLoss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList outputs = block.forward(store, new NDList(x), true);
                batchLoss = objective.trainingLoss(x, y, outputs);
                collector.backward(batchLoss);
            }
            NDArray summed = batchLoss.stopGradient().muli(indices.length);
            lossSum.addi(summed);
            for (Parameter parameter : parameters) {
                NDArray weight = parameter.getArray();
                // A fresh handle to the gradient each step; closing it frees the handle, not the gradient.
                try (NDArray gradient = weight.getGradient()) {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
            }
            summed.attach(lossSum.getManager());
            return summed;
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

    private Evaluation evaluateTest(Block block, ParameterStore store, NDManager manager, LabeledImages test) {
        try (NDManager testManager = manager.newSubManager()) {
            int[] all = range(0, test.count());
            return evaluate(block, store, images(testManager, test, all), labels(testManager, test, all));
        }
    }

    /** Bytes {@code (batch, pixels)} to what the model takes, {@code (batch, inputShape...)}, in the bytes' manager. */
    private NDArray modelInput(NDArray bytes, long batch) {
        return inputs.apply(bytes.toType(DataType.FLOAT32, false).divi(255f)).reshape(batchShape(batch));
    }

    private Evaluation evaluate(Block block, ParameterStore store, NDArray x, NDArray y) {
        long count = x.getShape().get(0);
        try (NDManager eval = x.getManager().newSubManager()) {
            NDArray lossSum = eval.zeros(new Shape(), DataType.FLOAT32);
            NDArray correct = eval.zeros(new Shape(), DataType.INT64);
            boolean scored = false;
            for (long from = 0; from < count; from += EVAL_BATCH) {
                long to = Math.min(count, from + EVAL_BATCH);
                try (NDManager batch = eval.newSubManager()) {
                    NDArray bx = x.get(new NDIndex("{}:{}", from, to));
                    bx.attach(batch);
                    NDArray by = y.get(new NDIndex("{}:{}", from, to));
                    by.attach(batch);
                    NDArray input = modelInput(bx, to - from);
                    NDList outputs = block.forward(store, new NDList(input), false);
                    lossSum.addi(objective.evaluationLoss(input, by, outputs).muli(to - from));
                    NDArray batchCorrect = objective.correct(by, outputs);
                    if (batchCorrect != null) {
                        scored = true;
                        correct.addi(batchCorrect);
                    }
                }
            }
            // An objective without accuracy (reconstruction) reports NaN, never a misleading 0.
            return new Evaluation(lossSum.getFloat() / count, scored ? (double) correct.getLong() / count : Double.NaN);
        }
    }

    /** The images at {@code indices}, as one flat row of bytes each. */
    private static NDArray images(NDManager manager, LabeledImages set, int[] indices) {
        int size = set.imageSize();
        byte[] pixels = new byte[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(set.pixels(), indices[i] * size, pixels, i * size, size);
        }
        return manager.create(ByteBuffer.wrap(pixels), new Shape(indices.length, size), DataType.UINT8);
    }

    private static NDArray labels(NDManager manager, LabeledImages set, int[] indices) {
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = set.label(indices[i]);
        }
        return manager.create(labels);
    }

    private static long[] toLongs(byte[] labels) {
        long[] out = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] & 0xff;
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }

    private static void shuffle(long[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
