package io.nightshift.agent.cli;

import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Question;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What pruning buys in a fixed wall-clock budget: the same question (synthetic curves, TPE, the same seed) run
 * once without pruning and once with each rule, each for the same budget on the same workers, in one run.
 */
@Command(name = "pruning", mixinStandardHelpOptions = true,
        description = "Configurations explored and best result in a fixed wall-clock budget, with and without pruning"
                + " (synthetic learning curves, real controller and workers).")
final class PruningBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "90", description = "Wall-clock budget of each run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--workers", defaultValue = "2", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--epoch-ms", defaultValue = "150", description = "Wall time of one synthetic epoch (default: ${DEFAULT-VALUE}).")
    int epochMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var config = ((NightshiftCommand) spec.parent().parent().userObject()).config();
        StudyDesign design = new StudyDesign.Optimise(Map.of("epochs", 27, "epoch_ms", epochMs), 1, 0);
        out.printf("synthetic-curves, TPE, 27 epochs of %d ms, %d workers, %d s per run%n", epochMs, workers, seconds);
        out.printf("%-8s %14s %10s %10s %14s%n", "pruner", "configurations", "completed", "pruned", "best val_loss");
        double[] baseline = null;
        for (String pruner : List.of("none", "median", "asha")) {
            try (BenchRig rig = new BenchRig(config, workers)) {
                Question q = rig.run("synthetic-curves", "bench " + pruner, design, "tpe", 10_000, pruner,
                        Duration.ofSeconds(seconds));
                List<Trial> trials = rig.store().trials().forQuestion(q.id());
                long completed = trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED).count();
                long pruned = trials.stream().filter(t -> t.status() == TrialStatus.PRUNED).count();
                double best = trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED && t.objectiveValue() != null)
                        .mapToDouble(Trial::objectiveValue).min().orElse(Double.NaN);
                out.printf(Locale.ROOT, "%-8s %14d %10d %10d %14.4f%n", pruner, completed + pruned, completed, pruned, best);
                if (baseline == null) {
                    baseline = new double[] {completed + pruned, best};
                } else {
                    out.printf(Locale.ROOT, "  %s/none: %.2fx configurations, best %s (%.4f vs %.4f)%n", pruner,
                            (completed + pruned) / baseline[0], best <= baseline[1] ? "no worse" : "worse", best, baseline[1]);
                }
                out.flush();
            }
        }
        return 0;
    }
}
