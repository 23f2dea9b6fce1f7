package io.nightshift.core.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.nightshift.core.data.DatasetSpec;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.device.Devices;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.model.ModelSpec;
import io.nightshift.core.model.NetworkSpec;
import io.nightshift.core.train.EpochMetrics;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.Trainer;
import io.nightshift.core.train.TrainingConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Core versus bare loop: the same model, optimiser (Adam 1e-3), batch size and images, one epoch
 * each, trained through {@link Trainer} and through {@link BareLoop}. On a shared, noisy machine
 * a single pair of runs says little, so each model gets a short warm-up of both loops (JIT,
 * libtorch's allocator and kernels), then {@code rounds} rounds that alternate which loop goes
 * first. The figure is the median of the per-round ratios: the two runs of a round share the
 * machine's state at that moment, so their ratio cancels most of the noise that moves both.
 */
public final class TrainingBenchmark {

    /** A model to compare, with the name used in the summary line. */
    public record Case(String name, ModelSpec spec) {
    }

    /** One model's figures: images per second of each round, and the median of the per-round ratios. */
    public record Outcome(String name, List<Double> core, List<Double> bare) {
        public double ratio() {
            List<Double> ratios = new java.util.ArrayList<>();
            for (int i = 0; i < core.size(); i++) {
                ratios.add(core.get(i) / bare.get(i));
            }
            return median(ratios);
        }
    }

    public static final String DEFAULT_CNN = "conv(8,3) relu pool(2) conv(16,3) relu pool(2) fc(64) relu fc(10)";

    private final ImageDataset data;
    private final int rounds;
    private final int batchSize;
    private final String device;
    private final PrintWriter out;

    public TrainingBenchmark(ImageDataset data, int rounds, int batchSize, String device, PrintWriter out) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        this.data = data;
        this.rounds = rounds;
        this.batchSize = batchSize;
        this.device = device;
        this.out = out;
    }

    /** The MLP 784-128-10 and the CNN {@code cnnArchitecture}, on MNIST. */
    public static List<Case> defaultCases(String cnnArchitecture) {
        return defaultCases(Datasets.MNIST, cnnArchitecture);
    }

    /** An MLP with one hidden layer of 128 and the CNN {@code cnnArchitecture}, for {@code dataset}'s images. */
    public static List<Case> defaultCases(DatasetSpec dataset, String cnnArchitecture) {
        return List.of(
                new Case("mlp", MlpSpec.builder().dataset(dataset).hiddenWidths(List.of(128)).build()),
                new Case("cnn", NetworkSpec.parse(cnnArchitecture, dataset.shape().toArray(), dataset.classes())));
    }

    /** Runs every case, printing progress, and ends with one {@code name core/bare = ratio} line per case. */
    public List<Outcome> run(List<Case> cases) {
        Device dev = Devices.resolve(device, Engine.getInstance());
        // The core holds out 1/12 for validation; the bare loop trains on exactly the same count.
        int trainCount = data.train().count() - (int) Math.round(data.train().count() * TrainingConfig.DEFAULT_VALIDATION_FRACTION);
        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : cases) {
            out.printf(Locale.ROOT, "%s: %s, %,d parameters, %,d images per epoch, batch %d, adam 1e-3, device %s%n",
                    c.name(), c.spec().describe(), c.spec().parameterCount(), trainCount, batchSize, device);
            int warmup = Math.min(trainCount, 20 * batchSize);
            core(c.spec(), warmup);
            BareLoop.imagesPerSecond(c.spec(), data.train(), warmup, batchSize, 1e-3, 1, dev);
            List<Double> core = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // Alternate the order so that a slow spell of the machine hits both loops alike.
                if (r % 2 == 0) {
                    core.add(core(c.spec(), trainCount));
                    bare.add(BareLoop.imagesPerSecond(c.spec(), data.train(), trainCount, batchSize, 1e-3, r, dev));
                } else {
                    bare.add(BareLoop.imagesPerSecond(c.spec(), data.train(), trainCount, batchSize, 1e-3, r, dev));
                    core.add(core(c.spec(), trainCount));
                }
                out.printf(Locale.ROOT, "  round %d: core %.0f img/s, bare %.0f img/s%n", r + 1,
                        core.get(r), bare.get(r));
            }
            Outcome o = new Outcome(c.name(), core, bare);
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ratios.add(core.get(r) / bare.get(r));
            }
            List<Double> sorted = ratios.stream().sorted().toList();
            out.printf(Locale.ROOT, "  median: core %.0f img/s, bare %.0f img/s; per-round core/bare from %.2f to %.2f%n",
                    median(core), median(bare), sorted.get(0), sorted.get(sorted.size() - 1));
            outcomes.add(o);
            out.flush();
        }
        for (Outcome o : outcomes) {
            out.printf(Locale.ROOT, "%s core/bare = %.2f%n", o.name(), o.ratio());
        }
        return outcomes;
    }

    /** One epoch through the core over {@code count} training images; its own throughput figure. */
    private double core(ModelSpec spec, int count) {
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingConfig.Builder config = TrainingConfig.builder().optimizer(OptimizerSpec.adam(1e-3)).batchSize(batchSize)
                .epochs(1).seed(1).device(device);
        int available = data.train().count() - (int) Math.round(data.train().count() * TrainingConfig.DEFAULT_VALIDATION_FRACTION);
        if (count < available) {
            config.trainingSubset(count);
        }
        new Trainer(spec, config.build()).train(data, epochs::add);
        return epochs.get(0).samplesPerSecond();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
