package io.nightshift.agent.cli;

import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Asks every controller running on this database to stop, from another terminal (or another machine on a
 * shared PostgreSQL). By default they start nothing new and let running trials finish; {@code --now} stops them
 * as Ctrl-C does (running trials are recorded as interrupted and run again on the next start).
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the running loop(s) on this database: running trials finish (or, with --now, are interrupted).")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--now", description = "Interrupt running trials (they run again on the next start) instead of letting them finish.")
    boolean now;

    @Override
    public Integer call() {
        NightshiftConfig config = root.config();
        try (Store store = Stores.open(config)) {
            store.stopRequests().request(System.getProperty("user.name", "someone") + "@"
                    + ProcessHandle.current().pid(), now);
        }
        spec.commandLine().getOut().println(now
                ? "Asked the running loop(s) to stop now; interrupted trials run again on the next start."
                : "Asked the running loop(s) to stop: nothing new starts, running trials finish first.");
        return 0;
    }
}
