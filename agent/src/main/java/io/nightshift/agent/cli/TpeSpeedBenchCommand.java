package io.nightshift.agent.cli;

import io.nightshift.agent.bench.SearchQualityRuns;
import io.nightshift.agent.loop.QuestionHistory;
import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.agent.planner.tpe.TpePlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Time per TPE proposal as the loop pays it: read the question's proposals and trials from a
 * temporary H2 store holding N finished synthetic trials, build the planning context, then
 * {@code propose(1)}. The random planner, timed the same way, is the baseline.
 */
@Command(name = "tpe-speed", mixinStandardHelpOptions = true,
        description = "Milliseconds per TPE proposal (store read included) with 100 to 50,000 trials of history.")
final class TpeSpeedBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", description = "History sizes (default: ${DEFAULT-VALUE}).",
            defaultValue = "100,1000,5000,50000")
    int[] sizes;

    @Option(names = "--pending", description = "Running (pending) trials besides the history (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int pending;

    /** Six parameters like a small training run, one of them conditional. */
    static SearchSpace space() {
        return SearchSpace.builder()
                .logFloatParam("learning_rate", 1e-5, 1e-1)
                .categorical("batch_size", 32, 64, 128, 256)
                .intParam("hidden", 16, 1024)
                .floatParam("dropout", 0.0, 0.6)
                .categorical("optimizer", "sgd", "adam")
                .floatParam("momentum", 0.0, 0.99).when("optimizer", "sgd")
                .build();
    }

    static double objective(Map<String, Object> p, SplittableRandom random) {
        double lr = Math.log10(((Number) p.get("learning_rate")).doubleValue()) + 3;
        double h = Math.log(((Number) p.get("hidden")).doubleValue() / 256.0);
        double dr = ((Number) p.get("dropout")).doubleValue() - 0.2;
        double m = p.containsKey("momentum") ? 0.9 - ((Number) p.get("momentum")).doubleValue() : 0.1;
        return 0.99 - 0.02 * lr * lr - 0.01 * h * h - 0.05 * dr * dr - 0.03 * m * m + 0.002 * random.nextGaussian();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PluginDescriptor plugin = new PluginDescriptor("bench-speed", "speed bench", null, space(),
                Objective.maximize("val_accuracy"), List.of());
        Map<Integer, double[]> results = new HashMap<>(); // size -> {tpe total, read, tpe propose, random total}
        Map<Integer, Double> cold = new HashMap<>(); // size -> first full read of the history, ms
        out.printf("%8s %12s %12s %12s %14s %8s%n", "history", "read ms", "propose ms", "tpe ms", "random ms", "reps");
        for (int n : sizes) {
            Path dir = Files.createTempDirectory("nightshift-tpe-speed");
            try (Store store = Store.open(Store.h2FileUrl(dir.resolve("bench")), "sa", "bench-only")) {
                long questionId = fill(store, plugin, n, pending);
                Question question = store.questions().find(questionId).orElseThrow();
                int reps = n >= 50_000 ? 9 : n >= 5_000 ? 30 : 60;
                // A controller plans for hours: measure it warm (JIT-compiled), not in its first seconds.
                int warmup = n >= 50_000 ? 5 : n >= 5_000 ? 30 : 150;
                double[] read = new double[reps];
                double[] tpe = new double[reps];
                double[] rnd = new double[reps];
                // The loop keeps one history per question and reads only what changed since its last
                // call; the first read of a controller's life reads everything once.
                QuestionHistory history = new QuestionHistory(store, questionId, plugin.objective());
                long c0 = System.nanoTime();
                history.refresh().planningContext(question, plugin);
                cold.put(n, (System.nanoTime() - c0) / 1e6);
                SplittableRandom outcomes = new SplittableRandom(n + 1);
                for (int r = -warmup; r < reps; r++) {
                    finishOne(store, question, plugin, outcomes);
                    long t0 = System.nanoTime();
                    PlanningContext context = history.refresh().planningContext(question, plugin);
                    long t1 = System.nanoTime();
                    Planner planner = new TpePlanner(1000L + r);
                    if (planner.propose(context, 1).size() != 1) {
                        throw new IllegalStateException("TPE proposed nothing");
                    }
                    long t2 = System.nanoTime();
                    finishOne(store, question, plugin, outcomes);
                    long t2b = System.nanoTime();
                    PlanningContext again = history.refresh().planningContext(question, plugin);
                    new RandomPlanner(1000L + r).propose(again, 1);
                    long t3 = System.nanoTime() - (t2b - t2);
                    if (r >= 0) {
                        read[r] = (t1 - t0) / 1e6;
                        tpe[r] = (t2 - t1) / 1e6;
                        rnd[r] = (t3 - t2) / 1e6;
                    }
                }
                double mr = SearchQualityRuns.median(read);
                double mt = SearchQualityRuns.median(tpe);
                double mRandom = SearchQualityRuns.median(rnd);
                results.put(n, new double[] {mr + mt, mr, mt, mRandom});
                out.printf(Locale.ROOT, "%8d %12.2f %12.2f %12.2f %14.2f %8d%n", n, mr, mt, mr + mt, mRandom, reps);
                out.flush();
            } finally {
                deleteTree(dir);
            }
        }
        out.println();
        out.println("tpe ms = bring the question's history up to date from the store after one more finished trial"
                + " + propose(1), median; random is the same read + a random proposal.");
        for (int n : sizes) {
            out.printf(Locale.ROOT, "first full read of %d trials (once per controller start) = %.1f ms%n", n, cold.get(n));
        }
        out.println("Targets: at most 5 ms @1000 and 50 ms @50000.");
        for (int n : sizes) {
            double[] r = results.get(n);
            out.printf(Locale.ROOT, "tpe ms/proposal @%d = %.2f (read %.2f + propose %.2f; random %.2f, ratio %.2f)%n",
                    n, r[0], r[1], r[2], r[3], r[0] / r[3]);
        }
        out.flush();
        return 0;
    }

    /** What the loop writes around one finished trial: an approved proposal and its completed trial. */
    private static void finishOne(Store store, Question question, PluginDescriptor plugin, SplittableRandom random) {
        Map<String, Object> params = plugin.searchSpace().sample(random);
        Proposal p = store.proposals().create(question.id(), params, "tpe", "", "");
        store.proposals().setStatus(p.id(), ProposalStatus.APPROVED, "bench");
        Trial t = store.trials().create(question.id(), p.id(), 1, random.nextLong());
        java.time.Instant now = java.time.Instant.now();
        store.trials().markRunning(t.id(), "bench", now);
        double v = objective(params, random);
        store.trials().complete(t.id(), v, Map.of("val_accuracy", v), now);
    }

    /** N finished trials (about 3% failed) and some running ones, written in JDBC batches. */
    private static long fill(Store store, PluginDescriptor plugin, int n, int running) throws Exception {
        Question q = store.questions().create(plugin.id(), "speed", "tpe", n + running + 100, 60, 7);
        SplittableRandom random = new SplittableRandom(n);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO proposal (id, question_id, params, planner, rationale, hypothesis, status, created_at)
                    VALUES (?, ?, ?, 'tpe', '', '', 'APPROVED', ?)""");
                 PreparedStatement ts = c.prepareStatement("""
                    INSERT INTO trial (id, question_id, proposal_id, attempt, seed, status, created_at, started_at,
                                       finished_at, objective_value, result, error)
                    VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 1; i <= n + running; i++) {
                    Map<String, Object> params = plugin.searchSpace().sample(random);
                    ps.setLong(1, i);
                    ps.setLong(2, q.id());
                    ps.setString(3, json(params));
                    ps.setObject(4, now);
                    ps.addBatch();
                    boolean finished = i <= n;
                    boolean failed = finished && random.nextInt(33) == 0;
                    ts.setLong(1, i);
                    ts.setLong(2, q.id());
                    ts.setLong(3, i);
                    ts.setLong(4, i);
                    ts.setString(5, !finished ? "RUNNING" : failed ? "FAILED" : "COMPLETED");
                    ts.setObject(6, now);
                    ts.setObject(7, now);
                    ts.setObject(8, finished ? now : null);
                    if (finished && !failed) {
                        double v = objective(params, random);
                        ts.setDouble(9, v);
                        ts.setString(10, "{\"val_accuracy\":" + v + ",\"test_accuracy\":" + v + "}");
                    } else {
                        ts.setNull(9, java.sql.Types.DOUBLE);
                        ts.setNull(10, java.sql.Types.VARCHAR);
                    }
                    ts.setString(11, failed ? "synthetic failure" : null);
                    ts.addBatch();
                    if (i % 1000 == 0) {
                        ps.executeBatch();
                        ts.executeBatch();
                    }
                }
                ps.executeBatch();
                ts.executeBatch();
            }
            c.commit();
            for (String table : List.of("proposal", "trial")) {
                try (PreparedStatement restart = c.prepareStatement("ALTER TABLE " + table
                        + " ALTER COLUMN id RESTART WITH " + (n + running + 1))) {
                    restart.execute();
                }
            }
        }
        return q.id();
    }

    private static String json(Map<String, Object> params) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            sb.append(v instanceof String s ? "\"" + s + "\"" : String.valueOf(v));
        }
        return sb.append('}').toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
