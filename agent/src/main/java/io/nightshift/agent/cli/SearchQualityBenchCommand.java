package io.nightshift.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.bench.BenchFunctions;
import io.nightshift.agent.bench.CellTally;
import io.nightshift.agent.bench.PairedTests;
import io.nightshift.agent.bench.SearchQualityRuns;
import io.nightshift.agent.bench.TpeVariants;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Search quality of our planners against Optuna's TPE on the functions of {@link BenchFunctions}
 * (continuous classics; categorical offsets; nested conditional children; irrelevant dimensions; a
 * training-run-like landscape with interactions): best value after 25/50/100 trials over 20 seeds,
 * with proposals made one at a time, in batches of 4 and 16 (constant liar: a batch is asked, then
 * all of it is told) and by 4 and 16 workers as the loop asks (one proposal each time a trial ends, with the
 * others pending). Reported: medians, per-seed paired tests (wins–losses, Wilcoxon signed-rank and
 * sign test) against Optuna and against our own one-at-a-time run, the fraction of seeds whose best
 * trial has the right value of the function's key categorical, and how concentrated the last 50 trials
 * are on one value of it. Planners are driven as the loop drives them: a fresh planner per call,
 * seeded per call. Optuna runs through {@code bench/optuna_quality.py} (when some Python can import
 * optuna) at the same time as ours, or its results are read from a file saved by an earlier run.
 */
@Command(name = "search-quality", mixinStandardHelpOptions = true,
        description = "Best value after 25/50/100 trials over 20 seeds, one at a time and in batches: random, our TPE, "
                + "Optuna's TPE; medians, paired tests, right-categorical fractions.")
final class SearchQualityBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seeds", description = "Seeds per function (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int seeds;

    @Option(names = "--first-seed", description = "The first seed (default: ${DEFAULT-VALUE}); tune on other seeds than "
            + "the ones you report.", defaultValue = "0")
    int firstSeed;

    @Option(names = "--budgets", split = ",", description = "Trial counts to report (default: ${DEFAULT-VALUE}).",
            defaultValue = "25,50,100")
    int[] budgets;

    @Option(names = "--batches", split = ",",
            description = "Proposals asked per planning call (default: ${DEFAULT-VALUE}).", defaultValue = "1,4,16")
    int[] batches;

    @Option(names = "--workers", split = ",",
            description = "Worker counts to simulate as the loop asks: the first proposals all at once, then one each time "
                    + "the oldest pending trial ends, with the others pending (default: ${DEFAULT-VALUE}; 0 for none).",
            defaultValue = "4,16")
    int[] workers;

    /** The batch sizes, then the worker counts. */
    private final List<SearchQualityRuns.Mode> modes = new ArrayList<>();

    @Option(names = "--functions", split = ",",
            description = "Functions to run (default: all of branin, hartmann6, rosenbrock4, mixed, catoffset, "
                    + "branches, irrelevant, trainrun); the held-out multimodal ones, not used to choose TPE's "
                    + "settings, by name: ackley5, rastrigin4, styblinski5, schwefel4.")
    List<String> functionNames;

    @Option(names = "--planners", split = ",",
            description = "Our planners to run: random, tpe, and the variants " + TpeVariants.NAMES
                    + " (default: ${DEFAULT-VALUE}).",
            defaultValue = "random,tpe")
    List<String> planners;

    @Option(names = "--baseline", description = "Also compare each of the other planners with this one, mode by mode "
            + "(e.g. a variant against the scheme it replaces).")
    String baseline;

    @Option(names = "--python", description = "Python for the Optuna side (default: python3, then /usr/bin/python3).")
    String python;

    @Option(names = "--optuna-script", description = "Default: bench/optuna_quality.py under the working directory or the install.")
    Path optunaScript;

    @Option(names = "--optuna-results", description = "Read Optuna's runs from this file (written by --save-optuna) instead of running it.")
    Path optunaResults;

    @Option(names = "--save-optuna", description = "Keep Optuna's runs in this file, for --optuna-results later.")
    Path saveOptuna;

    @Option(names = "--no-optuna", description = "Skip Optuna.")
    boolean noOptuna;

    @Option(names = "--per-seed", description = "Print every seed's best value at the largest budget.")
    boolean perSeed;

    @Option(names = "--csv", description = "Write per-seed results (function, batch, planner, seed, trials, best, key value of the best) here.")
    Path csv;

    static final String OPTUNA = "optuna";

    /** function -> mode -> planner -> one run per seed */
    private final Map<String, Map<SearchQualityRuns.Mode, Map<String, List<SearchQualityRuns.Run>>>> results = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Arrays.sort(budgets);
        Arrays.sort(batches);
        Arrays.stream(batches).forEach(b -> modes.add(new SearchQualityRuns.Mode(b, false)));
        Arrays.stream(workers).sorted().filter(w -> w > 0).forEach(w -> modes.add(new SearchQualityRuns.Mode(w, true)));
        if (modes.stream().anyMatch(m -> m.size() < 1)) {
            throw new UsageException("batch sizes must be 1 or more: " + join(batches));
        }
        int maxBudget = budgets[budgets.length - 1];
        List<BenchFunctions.TestFunction> functions = BenchFunctions.named(functionNames);
        if (functions.isEmpty()) {
            throw new UsageException("no such functions: " + functionNames);
        }
        if (baseline != null && !planners.contains(baseline)) {
            throw new UsageException("--baseline " + baseline + " is not among --planners " + String.join(",", planners));
        }
        for (String p : planners) {
            if (!p.equals("random") && TpeVariants.settings(p) == null) {
                throw new UsageException("unknown planner for this bench: " + p + " (random, " + TpeVariants.NAMES + ")");
            }
        }

        // Optuna runs in a subprocess at the same time as ours (one core each), or comes from a file.
        Process optuna = null;
        Path optunaOut = null;
        String optunaSkipped = null;
        String optunaSource = null;
        if (noOptuna) {
            optunaSkipped = "--no-optuna";
        } else if (optunaResults != null) {
            optunaSource = "read from " + optunaResults;
        } else {
            Path script = optunaScript != null ? optunaScript : findScript();
            String py = python != null ? python : findPythonWithOptuna();
            if (script == null || !Files.isRegularFile(script)) {
                optunaSkipped = "bench/optuna_quality.py not found (pass --optuna-script)";
            } else if (py == null) {
                optunaSkipped = "no Python that can 'import optuna' (apt-get install -y python3-optuna, or pass --python)";
            } else {
                optunaOut = saveOptuna != null ? saveOptuna : Files.createTempFile("nightshift-optuna", ".json");
                optunaSource = "run now with " + py;
                optuna = new ProcessBuilder(py, script.toString(), "--seeds", String.valueOf(seeds), "--first-seed", String.valueOf(firstSeed),
                        "--trials", String.valueOf(maxBudget), "--batches", join(batches),
                        "--workers", join(Arrays.stream(workers).filter(w -> w > 0).toArray()),
                        "--functions", String.join(",", functions.stream().map(BenchFunctions.TestFunction::name).toList()))
                        .redirectOutput(optunaOut.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            }
        }

        for (BenchFunctions.TestFunction f : functions) {
            Map<SearchQualityRuns.Mode, Map<String, List<SearchQualityRuns.Run>>> byMode = new LinkedHashMap<>();
            for (SearchQualityRuns.Mode mode : modes) {
                Map<String, List<SearchQualityRuns.Run>> byPlanner = new LinkedHashMap<>();
                for (String planner : planners) {
                    long start = System.nanoTime();
                    List<SearchQualityRuns.Run> runs = new ArrayList<>();
                    for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
                        runs.add(SearchQualityRuns.run(f, planner, seed, maxBudget, mode));
                    }
                    byPlanner.put(planner, runs);
                    out.printf(Locale.ROOT, "  %s / %s / %s: %d seeds x %d trials in %.1f s%n", f.name(), mode.describe(),
                            planner, seeds, maxBudget, (System.nanoTime() - start) / 1e9);
                    out.flush();
                }
                byMode.put(mode, byPlanner);
            }
            results.put(f.name(), byMode);
        }

        String optunaVersion = null;
        String optunaSettings = null;
        if (optuna != null) {
            if (!optuna.waitFor(60, TimeUnit.MINUTES)) {
                optuna.destroyForcibly();
                optunaSkipped = "the Optuna script took longer than 60 minutes";
            } else if (optuna.exitValue() != 0) {
                optunaSkipped = "the Optuna script exited with " + optuna.exitValue();
            }
        }
        Path optunaFile = optunaResults != null ? optunaResults : optunaOut;
        if (optunaSkipped == null && optunaFile != null) {
            JsonNode json = new ObjectMapper().readTree(Files.readString(optunaFile, StandardCharsets.UTF_8));
            optunaVersion = json.path("version").asText("?");
            optunaSettings = json.path("settings").asText("defaults");
            String missing = readOptuna(json, functions, maxBudget);
            if (missing != null) {
                optunaVersion = null;
                optunaSkipped = "the Optuna results lack " + missing;
            }
        }
        if (optunaOut != null && saveOptuna == null) {
            Files.deleteIfExists(optunaOut);
        }
        List<String> columns = new ArrayList<>(planners);
        if (optunaVersion != null) {
            columns.add(OPTUNA);
        }

        out.println();
        out.printf(Locale.ROOT, "Search quality: best value found (minimised; lower is better), %d seeds, %d trials; batch b = "
                + "b proposals asked, then all b told (constant liar inside the batch); wN = N workers: N asked, then one "
                + "asked each time the oldest pending trial ends (N - 1 pending), trials counted as they end.%n", seeds, maxBudget);
        if (optunaVersion == null) {
            out.println("Optuna skipped: " + optunaSkipped);
        } else {
            out.println("Optuna " + optunaVersion + " (" + optunaSource + "): " + optunaSettings + ".");
        }
        printMedians(out, functions, columns);
        List<String> ours = planners.stream().filter(p -> !p.equals("random")).toList();
        List<String> worse = new ArrayList<>();
        List<String> better = new ArrayList<>();
        if (optunaVersion != null) {
            for (String p : ours) {
                printPaired(out, functions, p, OPTUNA, null, worse, better);
            }
        }
        if (baseline != null) {
            for (String p : ours) {
                if (!p.equals(baseline)) {
                    printPaired(out, functions, p, baseline, null, null, null);
                }
            }
        }
        if (modes.size() > 1 && modes.get(0).equals(SearchQualityRuns.Mode.ONE_AT_A_TIME)) {
            for (String p : ours) {
                printPaired(out, functions, p, p, SearchQualityRuns.Mode.ONE_AT_A_TIME, null, null);
            }
            if (optunaVersion != null) {
                printPaired(out, functions, OPTUNA, OPTUNA, SearchQualityRuns.Mode.ONE_AT_A_TIME, null, null);
            }
            printInformationMatched(out, functions, columns.stream().filter(c -> !c.equals("random")).toList());
        }
        printCategoricals(out, functions, columns);
        if (perSeed) {
            printPerSeed(out, functions, columns, maxBudget);
        }
        if (csv != null) {
            writeCsv(functions, columns);
            out.println("Per-seed results written to " + csv);
        }

        out.println();
        int repeats = 0;
        for (var byMode : results.values()) {
            for (var byPlanner : byMode.values()) {
                for (String p : planners) {
                    repeats += byPlanner.get(p).stream().mapToInt(SearchQualityRuns.Run::repeats).sum();
                }
            }
        }
        out.printf("search-quality repeated proposals (ours, all runs): %d%n", repeats);
        if (optunaVersion != null) {
            int cells = functions.size() * modes.size() * budgets.length * ours.size();
            out.printf("search-quality %s significantly worse than optuna (Wilcoxon p < 0.05) in %d of %d cells%s%n",
                    String.join("/", ours), worse.size(), cells, worse.isEmpty() ? "" : ": " + String.join(", ", worse));
            out.printf("search-quality %s significantly better than optuna (Wilcoxon p < 0.05) in %d of %d cells%s%n",
                    String.join("/", ours), better.size(), cells, better.isEmpty() ? "" : ": " + String.join(", ", better));
        }
        out.flush();
        return 0;
    }

    private void printMedians(PrintWriter out, List<BenchFunctions.TestFunction> functions, List<String> columns) {
        out.println();
        out.println("Median best value");
        out.printf("%-12s %5s %6s %10s", "function", "batch", "trials", "optimum");
        for (String c : columns) {
            out.printf(" %12s", c);
        }
        out.println();
        for (BenchFunctions.TestFunction f : functions) {
            for (SearchQualityRuns.Mode mode : modes) {
                for (int budget : budgets) {
                    out.printf(Locale.ROOT, "%-12s %5s %6d %10.4f", f.name(), mode.label(), budget, f.optimum());
                    for (String c : columns) {
                        out.printf(Locale.ROOT, " %12.4f", SearchQualityRuns.median(bests(f.name(), mode, c, budget)));
                    }
                    out.println();
                }
            }
        }
    }

    /**
     * Paired by seed: {@code a} against {@code b} in the same mode (when {@code against} is null) or
     * {@code a} in each other mode against {@code b} in mode {@code against}.
     */
    private void printPaired(PrintWriter out, List<BenchFunctions.TestFunction> functions, String a, String b,
            SearchQualityRuns.Mode against, List<String> worse, List<String> better) {
        out.println();
        if (against == null) {
            out.printf("%s vs %s, paired by seed: wins-losses of %s, Wilcoxon signed-rank p, sign-test p, "
                    + "median regret ratio (best - optimum, %s / %s); '*' marks p < 0.05%n", a, b, a, a, b);
        } else {
            out.printf("%s in batches and with workers vs %s one at a time, paired by seed (same columns)%n", a, b);
        }
        out.printf("%-12s %5s", "function", "batch");
        for (int budget : budgets) {
            out.printf(" %-32s", "@" + budget);
        }
        out.println();
        Map<SearchQualityRuns.Mode, CellTally> summary = new LinkedHashMap<>();
        for (BenchFunctions.TestFunction f : functions) {
            for (SearchQualityRuns.Mode mode : modes) {
                if (mode.equals(against)) {
                    continue;
                }
                CellTally tally = summary.computeIfAbsent(mode, k -> new CellTally());
                out.printf(Locale.ROOT, "%-12s %5s", f.name(), mode.label());
                for (int budget : budgets) {
                    CellTally.Cell cell = tally.add(bests(f.name(), mode, a, budget),
                            bests(f.name(), against == null ? mode : against, b, budget), f.optimum());
                    PairedTests.Result r = cell.test();
                    out.printf(Locale.ROOT, " %-32s", String.format(Locale.ROOT, "%2d-%-2d p=%.3f%s s=%.3f x%s", r.wins(),
                            r.losses(), r.wilcoxonP(), cell.significant() ? "*" : " ", r.signP(), formatRatio(cell.ratio())));
                    if (cell.significant() && worse != null) {
                        String name = f.name() + "/" + (mode.async() ? "" : "b") + mode.label() + "@" + budget;
                        (cell.worse() ? worse : better).add(name);
                    }
                }
                out.println();
            }
        }
        int cells = functions.size() * budgets.length;
        summary.forEach((mode, tally) -> out.printf(Locale.ROOT,
                "  %s: geometric mean of the median-regret ratios %.2f; p < 0.05 against %s in %d, for it in %d of %d cells%n",
                mode.describe(), tally.geometricMean(), a, tally.worse(), tally.better(), cells));
    }

    /**
     * Batches and workers at T trials against one at a time at the trial count whose last proposal knew as
     * many finished trials as theirs: with b workers the T-th proposal knew T - b, as the one-at-a-time run's
     * (T - b + 1)-th did; in batches of b it knew the ⌊(T - 1)/b⌋·b trials before its batch. What is left of
     * the gap is what they lose beyond the information they could not have.
     */
    private void printInformationMatched(PrintWriter out, List<BenchFunctions.TestFunction> functions, List<String> planners) {
        out.println();
        out.println("With the information they had: batches and workers at T trials vs one at a time at the trial count "
                + "whose last proposal knew as much (workers N: T - N + 1; batches b: floor((T - 1)/b)*b + 1); geometric "
                + "mean of the median-regret ratios over the functions per budget and over all, and cells with p < 0.05 "
                + "each way (paired by seed)");
        for (String p : planners) {
            for (SearchQualityRuns.Mode mode : modes) {
                if (mode.size() == 1) {
                    continue;
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s %4s", p, mode.label()));
                CellTally all = new CellTally();
                for (int budget : budgets) {
                    int matched = mode.async() ? budget - mode.size() + 1 : (budget - 1) / mode.size() * mode.size() + 1;
                    if (matched < 1) {
                        continue;
                    }
                    CellTally atBudget = new CellTally();
                    for (BenchFunctions.TestFunction f : functions) {
                        atBudget.add(bests(f.name(), mode, p, budget),
                                bests(f.name(), SearchQualityRuns.Mode.ONE_AT_A_TIME, p, matched), f.optimum());
                    }
                    line.append(String.format(Locale.ROOT, "   @%d vs @%d %.2f", budget, matched, atBudget.geometricMean()));
                    all.addAll(atBudget);
                }
                line.append(String.format(Locale.ROOT, "   all %.2f (%d worse, %d better)", all.geometricMean(),
                        all.worse(), all.better()));
                out.println(line);
            }
        }
    }

    private void printCategoricals(PrintWriter out, List<BenchFunctions.TestFunction> functions, List<String> columns) {
        List<BenchFunctions.TestFunction> keyed = functions.stream().filter(f -> f.key() != null).toList();
        if (keyed.isEmpty()) {
            return;
        }
        int last = budgets[budgets.length - 1];
        int window = Math.min(50, last / 2);
        out.println();
        out.printf("Right categorical: seeds whose best trial has the optimum's value of the key parameter, at %s trials; "
                + "last-%d share: median over seeds of the share of the commonest value in the last %d trials%n",
                join(budgets), window, window);
        out.printf("%-12s %-18s %5s", "function", "key = right", "batch");
        for (String c : columns) {
            out.printf(" %-22s", c);
        }
        out.println();
        for (BenchFunctions.TestFunction f : keyed) {
            for (SearchQualityRuns.Mode mode : modes) {
                out.printf(Locale.ROOT, "%-12s %-18s %5s", f.name(), f.key() + " = " + f.right(), mode.label());
                for (String c : columns) {
                    List<SearchQualityRuns.Run> runs = runs(f.name(), mode, c);
                    StringBuilder cell = new StringBuilder();
                    for (int budget : budgets) {
                        long right = runs.stream().filter(r -> Objects.equals(r.keyOfBest(budget), String.valueOf(f.right()))).count();
                        cell.append(cell.length() == 0 ? "" : "/").append(right);
                    }
                    double share = SearchQualityRuns.median(runs.stream().mapToDouble(r -> r.topShare(window)).toArray());
                    out.printf(Locale.ROOT, " %-22s", cell + String.format(Locale.ROOT, " of %d, %.2f", runs.size(), share));
                }
                out.println();
            }
        }
    }

    private void printPerSeed(PrintWriter out, List<BenchFunctions.TestFunction> functions, List<String> columns, int budget) {
        out.println();
        out.printf("Per seed (seed %d first): best value after %d trials%n", firstSeed, budget);
        for (BenchFunctions.TestFunction f : functions) {
            for (SearchQualityRuns.Mode mode : modes) {
                for (String c : columns) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s %-4s %-10s", f.name(), mode.label(), c));
                    for (double v : bests(f.name(), mode, c, budget)) {
                        line.append(String.format(Locale.ROOT, " %.4g", v));
                    }
                    out.println(line);
                }
            }
        }
    }

    private void writeCsv(List<BenchFunctions.TestFunction> functions, List<String> columns) throws IOException {
        StringBuilder s = new StringBuilder("function,batch,planner,seed,trials,best,key_of_best,optimum\n");
        for (BenchFunctions.TestFunction f : functions) {
            for (SearchQualityRuns.Mode mode : modes) {
                for (String c : columns) {
                    List<SearchQualityRuns.Run> runs = runs(f.name(), mode, c);
                    for (int seed = 0; seed < runs.size(); seed++) {
                        for (int budget : budgets) {
                            SearchQualityRuns.Run r = runs.get(seed);
                            s.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.17g,%s,%.17g%n", f.name(), mode.label(), c, firstSeed + seed, budget,
                                    r.best(budget), f.key() == null ? "" : r.keyOfBest(budget), f.optimum()));
                        }
                    }
                }
            }
        }
        Files.writeString(csv, s.toString(), StandardCharsets.UTF_8);
    }

    private List<SearchQualityRuns.Run> runs(String function, SearchQualityRuns.Mode mode, String planner) {
        return results.get(function).get(mode).get(planner);
    }

    private double[] bests(String function, SearchQualityRuns.Mode mode, String planner, int budget) {
        return runs(function, mode, planner).stream().mapToDouble(r -> r.best(budget)).toArray();
    }

    private static String formatRatio(double r) {
        return Double.isInfinite(r) ? "inf" : r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.2f", r);
    }

    /** Fills in Optuna's runs; returns what is missing, or null. */
    private String readOptuna(JsonNode json, List<BenchFunctions.TestFunction> functions, int maxBudget) {
        if (json.path("first_seed").asInt(0) != firstSeed) {
            return "runs from seed " + firstSeed + " (they start at seed " + json.path("first_seed").asInt(0) + ")";
        }
        JsonNode all = json.path("runs");
        for (BenchFunctions.TestFunction f : functions) {
            for (SearchQualityRuns.Mode mode : modes) {
                JsonNode seedsNode = all.path(f.name()).path(mode.label());
                if (!seedsNode.isArray() || seedsNode.size() < seeds) {
                    return f.name() + " " + mode.describe() + " for " + seeds + " seeds";
                }
                List<SearchQualityRuns.Run> runs = new ArrayList<>();
                for (int s = 0; s < seeds; s++) {
                    JsonNode v = seedsNode.get(s).path("values");
                    JsonNode k = seedsNode.get(s).path("keys");
                    if (v.size() < maxBudget) {
                        return f.name() + " with " + maxBudget + " trials";
                    }
                    double[] values = new double[maxBudget];
                    String[] keys = new String[maxBudget];
                    for (int i = 0; i < maxBudget; i++) {
                        values[i] = v.get(i).asDouble();
                        keys[i] = k.path(i).isNull() || k.path(i).isMissingNode() ? null : k.get(i).asText();
                    }
                    runs.add(new SearchQualityRuns.Run(values, keys, 0));
                }
                results.get(f.name()).get(mode).put(OPTUNA, runs);
            }
        }
        return null;
    }

    private static String join(int[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(String::valueOf).toList());
    }

    static Path findScript() {
        Path local = Path.of("bench", "optuna_quality.py");
        if (Files.isRegularFile(local)) {
            return local;
        }
        try {
            // agent/target/nightshift-agent.jar (or agent/target/classes) -> repository root
            Path code = Path.of(SearchQualityBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent().getParent().getParent();
            Path script = root.resolve("bench").resolve("optuna_quality.py");
            return Files.isRegularFile(script) ? script : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The first Python that can import optuna: python3 on the PATH (which may be a virtual environment or
     * pyenv without it), then Debian's /usr/bin/python3, where {@code apt-get install python3-optuna} puts it.
     */
    static String findPythonWithOptuna() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import optuna").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (Exception e) {
                // try the next one
            }
        }
        return null;
    }
}
