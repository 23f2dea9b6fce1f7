package io.nightshift.agent.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers left behind by a controller that was killed. A worker exits by itself when its controller's channel
 * closes; one that cannot (frozen in native code, stuck in a safepoint) is found on the next start by its
 * command line (the worker class and its owner, the home's log directory) and a parent that is no longer a
 * controller (the system re-parents orphans to init or a sub-reaper), and stopped.
 */
public final class OrphanWorkers {

    private static final Logger log = LoggerFactory.getLogger(OrphanWorkers.class);
    static final String OWNER = "--owner";

    private OrphanWorkers() {
    }

    /** @return the pids of the orphans it stopped */
    public static List<Long> stop(Path logDir) {
        String owner = OWNER + " " + logDir.toAbsolutePath();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> commandLine(p).map(c -> c.contains(WorkerMain.class.getName()) && c.contains(owner))
                        .orElse(false))
                .filter(OrphanWorkers::orphaned)
                .peek(p -> log.warn("stopping worker pid {}, left behind by a controller that died", p.pid()))
                .peek(p -> {
                    p.destroy();
                    p.onExit().completeOnTimeout(p, 3, java.util.concurrent.TimeUnit.SECONDS).join();
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                })
                .map(ProcessHandle::pid)
                .toList();
    }

    private static boolean orphaned(ProcessHandle p) {
        Optional<ProcessHandle> parent = p.parent();
        return parent.isEmpty() || parent.get().pid() == 1 || !parent.get().isAlive()
                || !commandLine(parent.get()).map(c -> c.contains("java")).orElse(false);
    }

    private static Optional<String> commandLine(ProcessHandle p) {
        return p.info().commandLine();
    }
}
