package io.nightshift.agent.cli;

import io.nightshift.core.bench.TrainingBenchmark;
import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Images per second of the training core against a minimal hand-written DJL loop, for an MLP and
 * a small CNN on MNIST; ends with {@code mlp core/bare = R} and {@code cnn core/bare = R}.
 */
@Command(name = "training", mixinStandardHelpOptions = true,
        description = "Training core vs a bare DJL loop: images per second for an MLP and a small CNN on MNIST, "
                + "alternating rounds of whole epochs (at least --min-round-seconds each), paired ratios and a sign test.")
final class TrainingBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", description = "Measured rounds per model, after a warm-up (default: ${DEFAULT-VALUE}).",
            defaultValue = "9")
    int rounds;

    @Option(names = "--min-round-seconds", defaultValue = "5",
            description = "Each loop trains at least this long per round, in whole epochs (default: ${DEFAULT-VALUE}).")
    double minRoundSeconds;

    @Option(names = "--batch-size", description = "Batch size (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int batchSize;

    @Option(names = "--cnn", description = "The CNN's architecture (default: ${DEFAULT-VALUE}).",
            defaultValue = TrainingBenchmark.DEFAULT_CNN)
    String cnn;

    @Option(names = "--device", description = "cpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "cpu")
    String device;

    @Option(names = "--threads", description = "libtorch threads; 1 is fastest for these small models on a shared CPU "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int threads;

    @Override
    public Integer call() throws Exception {
        // Read when DJL's engine starts, so set before anything touches it.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        PrintWriter out = spec.commandLine().getOut();
        // bench has no options of its own; the configuration (data directory) is the root command's.
        var config = ((NightshiftCommand) spec.parent().parent().userObject()).config();
        ImageDataset mnist = DatasetSource.inDataRoot(Datasets.MNIST, config.dataDir()).load();
        new TrainingBenchmark(mnist, rounds, batchSize, device, out, minRoundSeconds)
                .run(TrainingBenchmark.defaultCases(cnn));
        out.flush();
        return 0;
    }
}
