package io.nightshift.core.bench;

import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.device.ResidentMemory;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.Trainer;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.train.TrainingListener;
import java.io.PrintWriter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many small trials in one JVM, as a long-lived worker runs them: prints heap used after a full
 * GC, the process's resident set (native memory included), the DJL managers and arrays still
 * open, Java's direct buffers and glibc's malloc heap (in use, and freed but kept) every {@code every} trials,
 * then a verdict.
 *
 * <p>The structural figure decides whether something of ours leaks: every native allocation of the core
 * hangs below DJL's system manager, so open managers and arrays must be 0 between trials. RSS is
 * reported for the whole picture; it is noisy (tens of MiB between samples) and it does grow. Measured on a
 * shared 2-core CPU machine, 800 trials on 2,000 real MNIST images, glibc defaults: 0 open managers and arrays
 * at every sample, heap 66 MiB throughout, direct buffers back to the dataset's one 45 MiB buffer after each GC,
 * the JVM's own native memory flat (NMT: about 56 MiB malloc'd), yet RSS 378 MiB after trial 1, 518 at trial 100
 * and 836 at trial 800 (1.61x from trial 100). glibc's heap explains it: memory in use rose from 78 to 306 MiB,
 * steadily, about 0.3 MiB a trial, allocated outside the JVM and outside DJL's arrays (libtorch or DJL's native
 * side; which allocation, unproven: it scales with the model, about two fp32 copies of the parameters a trial
 * at widths 32 and 128, 0.87 MiB a trial at 128), and freed-but-kept memory from 100 to 160-230 MiB. Allocator settings
 * lower the level but not the slope; RSS at trials 100 / 800 (in use at 800): MALLOC_ARENA_MAX=2 458 / 677 (216),
 * MALLOC_MMAP_THRESHOLD_=131072 446 / 654 (214), malloc_trim(0) after every trial 430 / 597 (223); a full GC and
 * malloc_trim after every trial 406 at 100 and 453 at 400; jemalloc (LD_PRELOAD) 440 at 100 and 524 at 400.
 * Workers are therefore recycled ({@code workers.recycle-after-trials}; see docs/ARCHITECTURE.md).
 */
public final class MemoryBenchmark {

    /** RSS is compared from here on, after the allocator and JIT have warmed up. */
    static final int WARM_UP_TRIALS = 50;

    private MemoryBenchmark() {
    }

    /** One measurement after trial {@code trial}. */
    public record Sample(int trial, double heapMiB, double rssMiB, OpenResources open) {
    }

    /** @return one sample after trial 1 and after every {@code every}-th trial */
    public static List<Sample> run(ImageDataset data, int trials, int every, int subset, PrintWriter out) {
        return run(data, trials, every, subset, 32, false, false, out);
    }

    /**
     * @param width the hidden layer's width
     * @param gc   whether to run a full GC after every trial, which frees the direct buffers DJL copied the trial's
     *             arrays into
     * @param trim whether to call glibc's {@code malloc_trim(0)} after every trial (after the GC, if any)
     * @return one sample after trial 1 and after every {@code every}-th trial
     */
    public static List<Sample> run(ImageDataset data, int trials, int every, int subset, int width, boolean gc,
                                   boolean trim, PrintWriter out) {
        List<Sample> samples = new ArrayList<>();
        MlpSpec spec = MlpSpec.builder().dataset(data.spec()).hiddenLayers(1, width).build();
        out.printf(Locale.ROOT, "%d trials of a %s MLP, one epoch on %d %s images each%s%n", trials, spec.describe(),
                subset, data.title(), (gc ? ", full GC after each" : "") + (trim ? ", malloc_trim(0) after each" : ""));
        long started = System.nanoTime();
        out.printf("%8s %14s %10s %15s %12s %10s   %s%n", "trial", "heap-MiB(gc)", "rss-MiB", "open-managers",
                "open-arrays", "direct-MiB", "glibc malloc MiB: arenas / mmapped / in use / free but kept");
        for (int t = 1; t <= trials; t++) {
            TrainingConfig config = TrainingConfig.builder().optimizer(OptimizerSpec.adam(1e-3)).batchSize(64)
                    .epochs(1).seed(t).trainingSubset(subset).build();
            new Trainer(spec, config).train(data, TrainingListener.NONE);
            if (gc) {
                System.gc();
            }
            if (trim) {
                NativeHeap.trim();
            }
            if (t == 1 || t % every == 0 || t == trials) {
                System.gc();
                double heap = (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) / 1048576.0;
                Sample sample = new Sample(t, heap, residentMiB(), OpenResources.now());
                samples.add(sample);
                String malloc = NativeHeap.stats().map(m -> String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f",
                        m.heapMiB(), m.mmapMiB(), m.inUseMiB(), m.freeMiB())).orElse("n/a");
                out.printf(Locale.ROOT, "%8d %14.1f %10.1f %15d %12d %10.1f   %s%n", t, heap, sample.rssMiB(),
                        sample.open().managers(), sample.open().arrays(), directMiB(), malloc);
                out.flush();
            }
        }
        out.printf(Locale.ROOT, "%.1f s for %d trials (sampling included)%n", (System.nanoTime() - started) / 1e9, trials);
        out.println(verdict(samples));
        return samples;
    }

    /**
     * E.g. {@code verdict: no leak (0 open managers, 0 open arrays after every trial); heap growth
     * trials 50..200 = 1.00x; rss growth trials 50..200 = 1.02x}.
     */
    static String verdict(List<Sample> samples) {
        Sample last = samples.get(samples.size() - 1);
        boolean leak = samples.stream().anyMatch(s -> s.open().managers() > 0 || s.open().arrays() > 0);
        Sample base = samples.stream().filter(s -> s.trial() >= WARM_UP_TRIALS).findFirst().orElse(samples.get(0));
        StringBuilder s = new StringBuilder("verdict: ");
        s.append(leak ? "LEAK (open managers/arrays left between trials: " + last.open() + ")"
                : "no leak (0 open managers, 0 open arrays after every sampled trial)");
        s.append(String.format(Locale.ROOT, "; heap growth trials %d..%d = %.2fx; rss growth trials %d..%d = %.2fx",
                base.trial(), last.trial(), last.heapMiB() / base.heapMiB(), base.trial(), last.trial(),
                last.rssMiB() / base.rssMiB()));
        return s.toString();
    }

    /**
     * Java's direct buffers not yet freed: DJL copies every array made from Java data into one, and frees it only
     * when a GC finds it unreachable (and the cleaner thread runs).
     */
    static double directMiB() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum() / 1048576.0;
    }

    /** VmRSS of this process (Linux), NaN elsewhere. */
    static double residentMiB() {
        return ResidentMemory.ofProcessKb(ProcessHandle.current().pid()) / 1024.0;
    }
}
