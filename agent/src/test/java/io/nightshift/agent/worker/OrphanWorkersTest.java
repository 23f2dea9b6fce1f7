package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker whose controller died is found by its command line and stopped; a live controller's is left alone. */
class OrphanWorkersTest {

    @TempDir
    Path home;

    @Test
    void aProcessLeftWithoutItsControllerIsStoppedAndOthersAreNot() throws Exception {
        Path logs = home.resolve("logs");
        // A process whose arguments name the worker class and this home, as a real worker's do.
        String fake = WorkerMain.class.getName() + " " + OrphanWorkers.OWNER + " " + logs.toAbsolutePath();
        String script = "sleep 300; : " + fake;
        // A shell starts one in the background and exits: it is re-parented, as a killed controller's worker is.
        new ProcessBuilder("bash", "-c", "(bash -c '" + script + "') </dev/null >/dev/null 2>&1 &").start().waitFor();
        // A child of this JVM with the same command line: its parent (this JVM) is alive and a java process.
        Process child = new ProcessBuilder("bash", "-c", script).start();
        try {
            long orphan = awaitOrphan(fake, child.pid());

            List<Long> stopped = OrphanWorkers.stop(logs);

            assertThat(stopped).containsExactly(orphan);
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(child.isAlive()).isTrue();
            assertThat(OrphanWorkers.stop(home.resolve("other-home"))).isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }

    private static long awaitOrphan(String commandLine, long notThis) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(until)) {
            Optional<ProcessHandle> found = ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != notThis)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(commandLine)).orElse(false))
                    .findFirst();
            if (found.isPresent()) {
                return found.get().pid();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the fake orphan did not start");
    }
}
