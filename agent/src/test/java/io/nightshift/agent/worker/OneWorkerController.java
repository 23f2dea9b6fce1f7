package io.nightshift.agent.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A controller reduced to one started worker, to be killed by a test: prints {@code worker pid N} once its
 * worker is ready, then waits. Arguments: the plugins directory and the log directory.
 */
public final class OneWorkerController {

    public static void main(String[] args) throws Exception {
        WorkerPool pool = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(Path.of(args[0]),
                Path.of(args[1]), "cpu", 128, 1, 1, Duration.ofSeconds(10), List.of())), 1);
        try (WorkerPool.Lease lease = pool.acquire()) {
            ProcessHandle.current().children().forEach(p -> System.out.println("worker pid " + p.pid()));
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
