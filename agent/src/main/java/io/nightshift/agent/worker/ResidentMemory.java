package io.nightshift.agent.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory, native allocations included, from Linux's {@code /proc/<pid>/status}: what a worker
 * really takes from the machine (libtorch's allocations are invisible to the JVM's heap limit).
 */
final class ResidentMemory {

    private ResidentMemory() {}

    /** VmRSS of the process in MB; 0 where it cannot be read (not Linux, or the process is gone). */
    static long ofProcessMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process has just exited: no figure, no kill.
        }
        return 0;
    }
}
