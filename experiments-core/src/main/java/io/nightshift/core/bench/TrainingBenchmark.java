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
 * Core versus bare loop: the same model, optimiser (Adam 1e-3), batch size and images, trained
 * through {@link Trainer} and through {@link BareLoop}. On a shared, noisy machine a single pair
 * of runs says little, so each model gets a short warm-up of both loops (JIT, libtorch's allocator
 * and kernels), then {@code rounds} rounds that alternate which loop goes first. A round is long
 * enough to judge: as many whole epochs as make at least {@code minRoundSeconds} of training for
 * each loop (an MLP epoch of MNIST lasts about a second here, which timer jitter and one slow spell
 * of the machine can swing by a third). The figure is the median of the per-round ratios (the two
 * runs of a round share the machine's state at that moment, so their ratio cancels most of the
 * noise that moves both), with the count of rounds in which the core was slower and a two-sided
 * sign test on it.
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
    private final double minRoundSeconds;

    public TrainingBenchmark(ImageDataset data, int rounds, int batchSize, String device, PrintWriter out) {
        this(data, rounds, batchSize, device, out, 0);
    }

    /** @param minRoundSeconds each loop trains at least this long per round (whole epochs); 0 for one epoch */
    public TrainingBenchmark(ImageDataset data, int rounds, int batchSize, String device, PrintWriter out,
                             double minRoundSeconds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        this.data = data;
        this.rounds = rounds;
        this.batchSize = batchSize;
        this.device = device;
        this.out = out;
        this.minRoundSeconds = minRoundSeconds;
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
            core(c.spec(), warmup, 1);
            BareLoop.imagesPerSecond(c.spec(), data.train(), warmup, batchSize, 1e-3, 1, dev);
            // Epochs per round from one timed epoch of the bare loop (the faster of the two, if either).
            int epochs = 1;
            if (minRoundSeconds > 0) {
                double perSecond = BareLoop.imagesPerSecond(c.spec(), data.train(), trainCount, batchSize, 1e-3, 0, dev);
                epochs = (int) Math.max(1, Math.ceil(minRoundSeconds * perSecond / trainCount));
                out.printf(Locale.ROOT, "  %d epoch(s) per round and loop (at least %.0f s of training each)%n", epochs,
                        minRoundSeconds);
            }
            List<Double> core = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // Alternate the order so that a slow spell of the machine hits both loops alike.
                if (r % 2 == 0) {
                    core.add(core(c.spec(), trainCount, epochs));
                    bare.add(BareLoop.imagesPerSecond(c.spec(), data.train(), trainCount, batchSize, 1e-3, r, dev, epochs));
                } else {
                    bare.add(BareLoop.imagesPerSecond(c.spec(), data.train(), trainCount, batchSize, 1e-3, r, dev, epochs));
                    core.add(core(c.spec(), trainCount, epochs));
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
            int slower = (int) ratios.stream().filter(x -> x < 1).count();
            out.printf(Locale.ROOT, "  median: core %.0f img/s, bare %.0f img/s; per-round core/bare from %.2f to %.2f;"
                            + " core slower in %d of %d rounds (sign test p = %.2f)%n",
                    median(core), median(bare), sorted.get(0), sorted.get(sorted.size() - 1), slower, rounds,
                    signTest(slower, rounds));
            outcomes.add(o);
            out.flush();
        }
        for (Outcome o : outcomes) {
            out.printf(Locale.ROOT, "%s core/bare = %.2f%n", o.name(), o.ratio());
        }
        return outcomes;
    }

    /** {@code epochCount} epochs through the core over {@code count} training images; its own throughput figure. */
    private double core(ModelSpec spec, int count, int epochCount) {
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingConfig.Builder config = TrainingConfig.builder().optimizer(OptimizerSpec.adam(1e-3)).batchSize(batchSize)
                .epochs(epochCount).seed(1).device(device);
        int available = data.train().count() - (int) Math.round(data.train().count() * TrainingConfig.DEFAULT_VALIDATION_FRACTION);
        if (count < available) {
            config.trainingSubset(count);
        }
        new Trainer(spec, config.build()).train(data, epochs::add);
        // Training passes only (each epoch's validation is outside its figure): images over the summed pass times.
        double seconds = epochs.stream().mapToDouble(e -> (double) count / e.samplesPerSecond()).sum();
        return count * epochs.size() / seconds;
    }

    /** Two-sided sign test: the chance of a split at least this uneven among {@code n} rounds if neither loop is faster. */
    static double signTest(int k, int n) {
        int extreme = Math.min(k, n - k);
        double tail = 0;
        for (int i = 0; i <= extreme; i++) {
            tail += binomial(n, i) / Math.pow(2, n);
        }
        return Math.min(1, 2 * tail);
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
