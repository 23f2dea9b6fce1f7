package io.nightshift.agent.cli;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.worker.TrialEvents;
import io.nightshift.agent.worker.TrialOutcome;
import io.nightshift.agent.worker.WorkerLauncher;
import io.nightshift.agent.worker.WorkerMessage;
import io.nightshift.agent.worker.WorkerPool;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Real {@code mnist-mlp} trials (one epoch of a 784-32-10 MLP on the full training set) through real worker
 * pools, one worker each, side by side: the same trials under glibc's defaults, under {@code workers.env}, and
 * under {@code workers.env} with recycling. Every variant's worker RSS is sampled at the same trial numbers, so
 * the ratios compare variants measured in the same run on the same machine.
 */
final class PoolMemoryBench {

    /** One way of running workers. */
    record Variant(String name, Map<String, String> env, int recycleAfter) {
    }

    /** The RSS of a variant's worker after a trial, and how long its trials took so far. */
    private record Sample(int trial, long pid, double rssMiB) {
    }

    private static final Map<String, Object> PARAMETERS = Map.of("hidden_width", 32, "hidden_layers", 1,
            "activation", "relu", "optimizer", "adam", "learning_rate", 3e-3, "batch_size", 256, "epochs", 1);

    private static final TrialEvents IGNORED = new TrialEvents() {
        @Override
        public void metric(WorkerMessage.Metric metric) {
        }

        @Override
        public void log(String message) {
        }

        @Override
        public void alive() {
        }
    };

    private PoolMemoryBench() {
    }

    static List<Variant> variants(NightshiftConfig config, int recycleAfter, String which) {
        Map<String, String> env = config.workers().env();
        List<Variant> all = List.of(new Variant("plain", glibcDefaults(env), 0), new Variant("env", env, 0),
                new Variant("env+recycle", env, recycleAfter), new Variant("recycle", glibcDefaults(env), recycleAfter));
        List<Variant> chosen = new ArrayList<>();
        for (String name : which.split(",")) {
            chosen.add(all.stream().filter(v -> v.name().equals(name.trim())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown variant '" + name + "'; known: plain, env, env+recycle, recycle")));
        }
        return chosen;
    }

    /** The variables of {@code workers.env}, each unset, so a worker sees none of them even if the shell set one. */
    private static Map<String, String> glibcDefaults(Map<String, String> env) {
        Map<String, String> unset = new java.util.HashMap<>();
        env.keySet().forEach(k -> unset.put(k, ""));
        return unset;
    }

    static void run(NightshiftConfig config, List<Variant> variants, int trials, int every, PrintWriter out)
            throws Exception {
        Path logs = Files.createTempDirectory("nightshift-pool-memory-");
        out.printf(Locale.ROOT, "%d mnist-mlp trials (784-32-10, one epoch, batch 256) per variant, one worker each,"
                + " variants side by side; worker logs in %s%n", trials, logs);
        for (Variant v : variants) {
            out.printf(Locale.ROOT, "  %-12s env %s, recycle after %s%n", v.name(), describe(v.env()),
                    v.recycleAfter() == 0 ? "never" : v.recycleAfter() + " trials");
        }
        out.flush();
        ExecutorService threads = Executors.newFixedThreadPool(variants.size());
        List<Future<List<Sample>>> futures = new ArrayList<>();
        for (Variant v : variants) {
            futures.add(threads.submit(() -> runVariant(config, v, logs.resolve(v.name().replace('+', '-')), trials,
                    every, out)));
        }
        List<List<Sample>> results = new ArrayList<>();
        for (Future<List<Sample>> f : futures) {
            results.add(f.get());
        }
        threads.shutdown();
        out.println();
        out.printf("%-12s %10s %10s %10s %10s %12s%n", "variant", "first-MiB", "last-MiB", "max-MiB", "last/first",
                "last/plain");
        double plainLast = Double.NaN;
        for (int i = 0; i < variants.size(); i++) {
            if (variants.get(i).name().equals("plain")) {
                List<Sample> s = results.get(i);
                plainLast = s.get(s.size() - 1).rssMiB();
            }
        }
        for (int i = 0; i < variants.size(); i++) {
            List<Sample> s = results.get(i);
            // The first sample is after the first trial (JVM, DJL and the dataset loaded, one model trained).
            double first = s.get(0).rssMiB();
            double last = s.get(s.size() - 1).rssMiB();
            double max = s.stream().mapToDouble(Sample::rssMiB).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "%-12s %10.0f %10.0f %10.0f %10.2f %12.2f%n", variants.get(i).name(), first, last,
                    max, last / first, last / plainLast);
        }
        out.flush();
    }

    private static List<Sample> runVariant(NightshiftConfig config, Variant v, Path logDir, int trials, int every,
                                           PrintWriter out) throws Exception {
        var w = config.workers();
        WorkerLauncher launcher = new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(config.pluginsDir(), logDir,
                w.device(), w.heapMb(), 1, w.heartbeatSeconds(), Duration.ofSeconds(w.heartbeatTimeoutSeconds()),
                w.jvmArgs()).withEnvironment(v.env()));
        List<Sample> samples = new ArrayList<>();
        long trialNanos = 0;
        long acquireNanos = 0;
        int restarts = 0;
        long lastPid = 0;
        try (WorkerPool pool = new WorkerPool(launcher, 1, v.recycleAfter())) {
            for (int t = 1; t <= trials; t++) {
                Map<String, Object> params = new java.util.HashMap<>(PARAMETERS);
                WorkerMessage.Run run = new WorkerMessage.Run(t, "mnist-mlp", params, t, 600_000,
                        config.dataDir().toString(), 1, t, null, null);
                long a = System.nanoTime();
                try (WorkerPool.Lease lease = pool.acquire()) {
                    long b = System.nanoTime();
                    long pid = pool.workerPids().get(0);
                    if (pid != lastPid) {
                        if (lastPid != 0) {
                            restarts++;
                            acquireNanos += b - a;
                        }
                        lastPid = pid;
                    }
                    TrialOutcome outcome = lease.run(run, IGNORED, Instant.now().plusSeconds(600));
                    trialNanos += System.nanoTime() - b;
                    if (!(outcome instanceof TrialOutcome.Completed)) {
                        throw new IllegalStateException(v.name() + " trial " + t + " did not complete: " + outcome);
                    }
                }
                if (t == 1 || t % every == 0 || t == trials) {
                    Sample s = new Sample(t, lastPid, residentMiB(lastPid));
                    samples.add(s);
                    synchronized (out) {
                        out.printf(Locale.ROOT, "%-12s trial %4d  worker pid %7d  RSS %6.0f MiB  %.2f s per trial%s%n",
                                v.name(), t, s.pid(), s.rssMiB(), trialNanos / 1e9 / t,
                                restarts == 0 ? "" : String.format(Locale.ROOT, "  %d restarts, %.1f s each",
                                        restarts, acquireNanos / 1e9 / restarts));
                        out.flush();
                    }
                }
            }
        }
        return samples;
    }

    private static String describe(Map<String, String> env) {
        if (env.isEmpty() || env.values().stream().allMatch(String::isEmpty)) {
            return "(glibc defaults)";
        }
        List<String> set = new ArrayList<>();
        env.forEach((k, val) -> set.add(val.isEmpty() ? "-" + k : k + "=" + val));
        return String.join(" ", set);
    }

    /** VmRSS of a process, from /proc; NaN where unreadable. */
    static double residentMiB(long pid) {
        return io.nightshift.core.device.ResidentMemory.ofProcessKb(pid) / 1024.0;
    }
}
