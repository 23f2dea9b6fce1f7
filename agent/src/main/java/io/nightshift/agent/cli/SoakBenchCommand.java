package io.nightshift.agent.cli;

import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Decision;
import io.nightshift.store.MetricPoint;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Many very short trials through the real worker pool: throughput, the overhead around each trial, and whether
 * the controller's heap or the workers' memory grows. The first tenth of the trials is the baseline the last
 * tenth is compared with.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Very short trials through the real worker pool: trials per minute, overhead per trial,"
                + " controller heap and worker RSS at the start and the end.")
final class SoakBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trials", defaultValue = "1000", description = "Trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--workers", defaultValue = "2", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var config = ((NightshiftCommand) spec.parent().parent().userObject()).config();
        StudyDesign design = new StudyDesign.Optimise(Map.of("epochs", 1, "epoch_ms", 0), 1, 0);
        try (BenchRig rig = new BenchRig(config, workers)) {
            Instant start = Instant.now();
            long heapStart = heapMb();
            Question q = rig.run("synthetic-curves", "soak", design, "random", trials, "none", null);
            Duration wall = Duration.between(start, Instant.now());
            long heapEnd = heapMb();
            Store store = rig.store();
            List<Trial> all = store.trials().forQuestion(q.id());
            List<Long> toStart = new ArrayList<>();
            List<Long> toFirstMetric = new ArrayList<>();
            List<Long> toStored = new ArrayList<>();
            for (Trial t : all) {
                List<Decision> decisions = store.decisions().forProposal(t.proposalId());
                List<MetricPoint> metrics = store.metrics().forTrial(t.id());
                if (decisions.isEmpty() || metrics.isEmpty() || t.startedAt() == null || t.finishedAt() == null) {
                    continue;
                }
                Instant approved = decisions.get(0).decidedAt();
                toStart.add(Duration.between(approved, t.startedAt()).toMillis());
                toFirstMetric.add(Duration.between(t.startedAt(), metrics.get(0).recordedAt()).toMillis());
                toStored.add(Duration.between(metrics.get(metrics.size() - 1).recordedAt(), t.finishedAt()).toMillis());
            }
            out.printf(Locale.ROOT, "%d trials on %d workers in %.1f s: %.0f trials per minute%n", all.size(), workers,
                    wall.toMillis() / 1000.0, all.size() / (wall.toMillis() / 60000.0));
            out.printf(Locale.ROOT, "approval -> trial started (includes queueing behind busy workers): median %d ms, p90 %d ms%n",
                    pct(toStart, 50), pct(toStart, 90));
            out.printf(Locale.ROOT, "trial started -> first metric stored (warm worker): median %d ms, p90 %d ms%n",
                    pct(toFirstMetric, 50), pct(toFirstMetric, 90));
            out.printf(Locale.ROOT, "last metric -> result stored: median %d ms, p90 %d ms%n", pct(toStored, 50),
                    pct(toStored, 90));
            int tenth = Math.max(1, toFirstMetric.size() / 10);
            out.printf(Locale.ROOT, "first metric, last tenth / first tenth: %.2f%n",
                    median(toFirstMetric.subList(toFirstMetric.size() - tenth, toFirstMetric.size()))
                            / Math.max(1.0, median(toFirstMetric.subList(0, tenth))));
            out.printf(Locale.ROOT, "controller heap after GC: %d MB at the start, %d MB at the end (ratio %.2f)%n",
                    heapStart, heapEnd, heapEnd / (double) Math.max(1, heapStart));
            out.printf("worker RSS now: %s%n", workerRss());
        }
        out.flush();
        return 0;
    }

    private static long heapMb() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
    }

    /** The resident memory of this JVM's worker processes, from /proc. */
    private static String workerRss() {
        List<String> rss = new ArrayList<>();
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("WorkerMain")).orElse(false))
                .forEach(p -> {
                    double kb = io.nightshift.core.device.ResidentMemory.ofProcessKb(p.pid());
                    rss.add("pid " + p.pid() + (Double.isNaN(kb) ? " (unreadable)" : " " + (long) kb + " kB"));
                });
        return rss.isEmpty() ? "(no worker found)" : String.join(", ", rss);
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static double median(List<Long> values) {
        return pct(values, 50);
    }
}
