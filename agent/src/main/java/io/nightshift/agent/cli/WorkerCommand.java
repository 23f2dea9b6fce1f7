package io.nightshift.agent.cli;

import io.nightshift.agent.worker.WorkerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Starts a worker process by hand; the controller normally does this itself. */
@Command(name = "worker", hidden = true,
        description = "Run a worker; it reads where its controller listens from stdin (started by 'run').")
final class WorkerCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", description = "--plugins-dir DIR --device cpu|gpu:N --heartbeat-seconds N")
    String[] args = new String[0];

    @Override
    public Integer call() throws Exception {
        WorkerMain.main(args);
        return 0;
    }
}
