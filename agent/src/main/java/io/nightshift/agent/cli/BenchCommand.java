package io.nightshift.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Benchmarks. Each prints its figures as ratios against a baseline measured in the same run, and
 * ends with one summary line per figure; nothing here is asserted in tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (each one compares against a baseline measured in the same run).",
        subcommands = {SearchQualityBenchCommand.class, TpeSpeedBenchCommand.class, TrainingBenchCommand.class, MemoryBenchCommand.class,
                PruningBenchCommand.class, SoakBenchCommand.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
