package io.nightshift.agent.cli;

import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.RandomPlanner;
import io.nightshift.agent.planner.TpePlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Median best value after 25, 50 and 100 trials over 20 seeds on Branin, Hartmann-6, Rosenbrock-4D
 * and a mixed categorical/integer/log-float function, for random search, our TPE and (through
 * {@code bench/optuna_quality.py}, when Python can import optuna) Optuna's TPE, side by side.
 * Planners are driven as the loop drives them: a fresh planner per proposal, seeded per call.
 */
@Command(name = "search-quality", mixinStandardHelpOptions = true,
        description = "Median best value after 25/50/100 trials over 20 seeds: random, our TPE, Optuna's TPE.")
final class SearchQualityBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seeds", description = "Seeds per function (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int seeds;

    @Option(names = "--budgets", split = ",", description = "Trial counts to report (default: ${DEFAULT-VALUE}).",
            defaultValue = "25,50,100")
    int[] budgets;

    @Option(names = "--planners", split = ",",
            description = "Our planners to run: random, tpe, and variants tpe-scott, tpe-indep, tpe-c64, tpe-indep-c64 (default: ${DEFAULT-VALUE}).",
            defaultValue = "random,tpe")
    List<String> planners;

    @Option(names = "--python", description = "Python for the Optuna side (default: python3, then /usr/bin/python3).")
    String python;

    @Option(names = "--optuna-script", description = "Default: bench/optuna_quality.py under the working directory or the install.")
    Path optunaScript;

    @Option(names = "--no-optuna", description = "Skip Optuna.")
    boolean noOptuna;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Arrays.sort(budgets);
        int maxBudget = budgets[budgets.length - 1];
        List<BenchFunctions.TestFunction> functions = BenchFunctions.all();

        // Optuna runs in a subprocess at the same time as ours (one core each).
        Process optuna = null;
        Path optunaOut = null;
        String optunaSkipped = null;
        if (noOptuna) {
            optunaSkipped = "--no-optuna";
        } else {
            Path script = optunaScript != null ? optunaScript : findScript();
            String py = python != null ? python : findPythonWithOptuna();
            if (script == null || !Files.isRegularFile(script)) {
                optunaSkipped = "bench/optuna_quality.py not found (pass --optuna-script)";
            } else if (py == null) {
                optunaSkipped = "no Python that can 'import optuna' (apt-get install -y python3-optuna, or pass --python)";
            } else {
                optunaOut = Files.createTempFile("nightshift-optuna", ".json");
                String budgetList = String.join(",", Arrays.stream(budgets).mapToObj(String::valueOf).toList());
                optuna = new ProcessBuilder(py, script.toString(), "--seeds", String.valueOf(seeds), "--budgets", budgetList)
                        .redirectOutput(optunaOut.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            }
        }

        Map<String, Map<String, double[]>> medians = new LinkedHashMap<>(); // function -> planner -> per budget
        for (BenchFunctions.TestFunction f : functions) {
            Map<String, double[]> row = new LinkedHashMap<>();
            for (String planner : planners) {
                long start = System.nanoTime();
                double[][] best = new double[budgets.length][seeds];
                for (int seed = 0; seed < seeds; seed++) {
                    double[] trace = run(f, planner, seed, maxBudget);
                    for (int b = 0; b < budgets.length; b++) {
                        best[b][seed] = trace[budgets[b] - 1];
                    }
                }
                double[] med = new double[budgets.length];
                for (int b = 0; b < budgets.length; b++) {
                    med[b] = median(best[b]);
                }
                row.put(planner, med);
                out.printf(Locale.ROOT, "  %s / %s: %d seeds x %d trials in %.1f s%n", f.name(), planner, seeds, maxBudget,
                        (System.nanoTime() - start) / 1e9);
                out.flush();
            }
            medians.put(f.name(), row);
        }

        String optunaVersion = null;
        if (optuna != null) {
            if (!optuna.waitFor(15, TimeUnit.MINUTES)) {
                optuna.destroyForcibly();
                optunaSkipped = "the Optuna script took longer than 15 minutes";
            } else if (optuna.exitValue() != 0) {
                optunaSkipped = "the Optuna script exited with " + optuna.exitValue();
            } else {
                String json = Files.readString(optunaOut, StandardCharsets.UTF_8);
                optunaVersion = parseOptuna(json, functions, medians);
            }
            Files.deleteIfExists(optunaOut);
        }

        out.println();
        out.printf("Median best value over %d seeds (minimised; lower is better)%n", seeds);
        List<String> columns = new ArrayList<>(planners);
        if (optunaVersion != null) {
            columns.add("optuna");
        }
        out.printf("%-12s %7s %10s", "function", "trials", "optimum");
        for (String c : columns) {
            out.printf(" %12s", c);
        }
        out.println();
        for (BenchFunctions.TestFunction f : functions) {
            for (int b = 0; b < budgets.length; b++) {
                out.printf(Locale.ROOT, "%-12s %7d %10.4f", f.name(), budgets[b], f.optimum());
                for (String c : columns) {
                    out.printf(Locale.ROOT, " %12.4f", medians.get(f.name()).get(c)[b]);
                }
                out.println();
            }
        }
        out.println();
        if (optunaVersion == null) {
            out.println("Optuna skipped: " + optunaSkipped);
        } else {
            out.println("Optuna " + optunaVersion + ": TPESampler(seed) with its defaults, same functions and spaces.");
        }
        int noWorse = 0;
        int cells = 0;
        for (BenchFunctions.TestFunction f : functions) {
            Map<String, double[]> row = medians.get(f.name());
            for (int b = 0; b < budgets.length; b++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "search-quality %s @%d:", f.name(), budgets[b]));
                for (String c : columns) {
                    line.append(String.format(Locale.ROOT, " %s=%.4f", c, row.get(c)[b]));
                }
                out.println(line);
                if (optunaVersion != null && row.containsKey("tpe")) {
                    cells++;
                    if (row.get("tpe")[b] <= row.get("optuna")[b]) {
                        noWorse++;
                    }
                }
            }
        }
        if (cells > 0) {
            out.printf("search-quality tpe no worse than optuna in %d of %d cells%n", noWorse, cells);
        }
        out.flush();
        return 0;
    }

    /** Best-so-far after each trial. */
    static double[] run(BenchFunctions.TestFunction f, String plannerName, long seed, int trials) {
        PluginDescriptor plugin = new PluginDescriptor("bench-" + f.name(), f.name(), null, f.space(),
                Objective.minimize("value"), List.of());
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        double[] trace = new double[trials];
        double best = Double.POSITIVE_INFINITY;
        for (int t = 0; t < trials; t++) {
            long callSeed = seed * 1_000_003L + t;
            Planner planner = switch (plannerName) {
                case "random" -> new RandomPlanner(callSeed);
                case "tpe" -> new TpePlanner(callSeed);
                case "tpe-scott" -> new TpePlanner(callSeed,
                        TpePlanner.Settings.defaults().withBandwidth(TpePlanner.Bandwidth.SCOTT));
                case "tpe-indep" -> new TpePlanner(callSeed, TpePlanner.Settings.defaults().withIndependent(true));
                case "tpe-c48" -> new TpePlanner(callSeed, TpePlanner.Settings.defaults().withCandidates(48));
                case "tpe-scott-c64" -> new TpePlanner(callSeed, TpePlanner.Settings.defaults().withCandidates(64)
                        .withBandwidth(TpePlanner.Bandwidth.SCOTT));
                case "tpe-c64" -> new TpePlanner(callSeed, TpePlanner.Settings.defaults().withCandidates(64));
                case "tpe-indep-c64" -> new TpePlanner(callSeed,
                        TpePlanner.Settings.defaults().withIndependent(true).withCandidates(64));
                default -> throw new UsageException("unknown planner for this bench: " + plannerName);
            };
            PlanningContext context = new PlanningContext("bench", plugin, history, List.of(), trials - t);
            List<ProposedExperiment> proposed = planner.propose(context, 1);
            if (proposed.isEmpty()) {
                throw new IllegalStateException(plannerName + " proposed nothing at trial " + t);
            }
            Map<String, Object> params = f.space().validate(proposed.get(0).parameters());
            double value = f.f().applyAsDouble(params);
            history.add(new PlanningContext.PastTrial(params, "COMPLETED", value));
            best = Math.min(best, value);
            trace[t] = best;
        }
        return trace;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private String parseOptuna(String json, List<BenchFunctions.TestFunction> functions,
            Map<String, Map<String, double[]>> medians) {
        Matcher v = Pattern.compile("\"version\":\\s*\"([^\"]+)\"").matcher(json);
        String version = v.find() ? v.group(1) : "?";
        for (BenchFunctions.TestFunction f : functions) {
            Matcher m = Pattern.compile("\"" + f.name() + "\":\\s*\\{([^}]*)\\}").matcher(json);
            if (!m.find()) {
                throw new IllegalStateException("no Optuna result for " + f.name() + " in " + json);
            }
            double[] med = new double[budgets.length];
            for (int b = 0; b < budgets.length; b++) {
                Matcher x = Pattern.compile("\"" + budgets[b] + "\":\\s*([-+0-9.eE]+)").matcher(m.group(1));
                if (!x.find()) {
                    throw new IllegalStateException("no Optuna result for " + f.name() + " @" + budgets[b]);
                }
                med[b] = Double.parseDouble(x.group(1));
            }
            medians.get(f.name()).put("optuna", med);
        }
        return version;
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
