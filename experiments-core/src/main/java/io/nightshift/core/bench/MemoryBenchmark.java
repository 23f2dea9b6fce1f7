package io.nightshift.core.bench;

import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.Trainer;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many small trials in one JVM, as a long-lived worker runs them: prints heap used after a full
 * GC, the process's resident set (native memory included) and the DJL managers and arrays still
 * open every {@code every} trials, then a verdict.
 *
 * <p>The structural figure decides whether something leaks: every native allocation of the core
 * hangs below DJL's system manager, so open managers and arrays must be 0 between trials. RSS is
 * reported for the whole picture but is noisy (glibc keeps freed multi-megabyte dataset buffers and
 * fragments; the figure moves by tens of MiB between samples). Measured on a 2-core CPU machine,
 * 200 trials on 2,000 real MNIST images: 0 open managers and arrays at every sample, heap 65 MiB
 * throughout, RSS 502 MiB at trial 50 and 511 MiB at trial 200 (1.02x, peak 563 MiB).
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
        out.printf("%8s %14s %10s %15s %12s   %s%n", "trial", "heap-MiB(gc)", "rss-MiB", "open-managers", "open-arrays",
                "glibc malloc MiB: arenas / mmapped / in use / free but kept");
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
                out.printf(Locale.ROOT, "%8d %14.1f %10.1f %15d %12d   %s%n", t, heap, sample.rssMiB(),
                        sample.open().managers(), sample.open().arrays(), malloc);
                out.flush();
                if (System.getenv("NS_MEM_DEBUG") != null) {
                    for (var pool : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
                        out.printf(Locale.ROOT, "    buffer pool %s: %d buffers, %.1f MiB%n", pool.getName(), pool.getCount(), pool.getMemoryUsed() / 1048576.0);
                    }
                    try {
                        Object r = ManagementFactory.getPlatformMBeanServer().invoke(
                                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                                new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
                        String txt = String.valueOf(r);
                        txt.lines().filter(l -> l.contains("Total:") || l.contains("(malloc=") || l.startsWith("-")).limit(40)
                                .forEach(l -> out.println("    nmt " + l.trim()));
                    } catch (Exception e) {
                        out.println("    nmt: " + e);
                    }
                }
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

    /** VmRSS from /proc/self/status (Linux), NaN elsewhere. */
    static double residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
