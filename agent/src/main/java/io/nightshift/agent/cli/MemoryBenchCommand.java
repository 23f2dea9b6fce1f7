package io.nightshift.agent.cli;

import io.nightshift.core.bench.MemoryBenchmark;
import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Heap after GC and resident set size over many consecutive small trials in one JVM. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Heap (after GC) and RSS while one JVM trains many small models on MNIST in a row.")
final class MemoryBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trials", description = "Trials to run (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int trials;

    @Option(names = "--every", description = "Print figures every N trials (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int every;

    @Option(names = "--images", description = "Training images per trial (default: ${DEFAULT-VALUE}).", defaultValue = "2000")
    int images;

    @Override
    public Integer call() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        PrintWriter out = spec.commandLine().getOut();
        var config = ((NightshiftCommand) spec.parent().parent().userObject()).config();
        ImageDataset mnist = DatasetSource.inDataRoot(Datasets.MNIST, config.dataDir()).load();
        MemoryBenchmark.run(mnist, trials, every, images, out);
        out.flush();
        return 0;
    }
}
