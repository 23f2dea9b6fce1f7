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

/**
 * Heap after GC and resident set size over many consecutive small trials in one JVM; or, with {@code --pool},
 * worker RSS over real trials through real worker pools, side by side with and without recycling and
 * {@code workers.env}.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Heap (after GC) and RSS while one JVM trains many small models on MNIST in a row.",
                "With --pool: worker RSS over real mnist-mlp trials through real worker pools, one per variant, side by"
                        + " side (plain: glibc defaults, never recycled; env: workers.env; recycle: recycled after"
                        + " --recycle-after trials; env+recycle: both)."})
final class MemoryBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trials", description = "Trials to run (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int trials;

    @Option(names = "--every", description = "Print figures every N trials (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int every;

    @Option(names = "--images", description = "Training images per trial, in-process only (default: ${DEFAULT-VALUE}).",
            defaultValue = "2000")
    int images;

    @Option(names = "--width", description = "In-process: the hidden layer's width (default: ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int width;

    @Option(names = "--gc", description = "In-process: run a full GC after every trial (frees the direct buffers DJL"
            + " copies arrays into).")
    boolean gc;

    @Option(names = "--trim", description = "In-process: call glibc's malloc_trim(0) after every trial.")
    boolean trim;

    @Option(names = "--pool", description = "Run real mnist-mlp trials through worker pools instead of in this JVM.")
    boolean pool;

    @Option(names = "--variants", description = "With --pool: the variants to run side by side, from plain, env,"
            + " recycle, env+recycle (default: ${DEFAULT-VALUE}).", defaultValue = "plain,env+recycle")
    String variants;

    @Option(names = "--recycle-after", description = "With --pool: trials after which the recycling variants replace"
            + " their worker (default: workers.recycle-after-trials, or 100 where that is 0).")
    Integer recycleAfter;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var config = ((NightshiftCommand) spec.parent().parent().userObject()).config();
        if (pool) {
            int after = recycleAfter != null ? recycleAfter
                    : config.workers().recycleAfterTrials() > 0 ? config.workers().recycleAfterTrials() : 100;
            PoolMemoryBench.run(config, PoolMemoryBench.variants(config, after, variants), trials, every, out);
            return 0;
        }
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        ImageDataset mnist = DatasetSource.inDataRoot(Datasets.MNIST, config.dataDir()).load();
        MemoryBenchmark.run(mnist, trials, every, images, width, gc, trim, out);
        out.flush();
        return 0;
    }
}
