package io.nightshift.agent.cli;

import io.nightshift.agent.config.ConfigLoader;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.log.ControllerLog;
import io.nightshift.agent.app.OwnerOnly;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "nightshift", mixinStandardHelpOptions = true, version = "nightshift 0.1.0",
        description = "An automated research agent for deep-learning experiments.",
        subcommands = {RunCommand.class, QuestionsCommand.class, StopCommand.class, StatusCommand.class, TrialCommand.class,
                FindingsCommand.class, ReviewCommand.class,
                PluginsCommand.class, BenchCommand.class, WorkerCommand.class})
public final class NightshiftCommand implements Runnable {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration merged over the defaults (default: <home>/nightshift.yaml if present).")
    Path configFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Loads the configuration, creates its home (owner-only) and starts the log file there; call before
     * anything worth keeping is logged, since until then the log goes to the console only.
     */
    NightshiftConfig config() {
        NightshiftConfig config = ConfigLoader.fromSystem().load(configFile);
        OwnerOnly.directory(config.home());
        ControllerLog.attach(config.logDir());
        return config;
    }
}
