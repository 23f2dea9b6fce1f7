package io.nightshift.core.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory, native allocations included, from Linux's {@code /proc/<pid>/status}: what a worker
 * really takes from the machine (libtorch's allocations are invisible to the JVM's heap limit). The controller reads
 * its workers' with it, and the memory benchmark its own process's.
 */
public final class ResidentMemory {

    private ResidentMemory() {}

    /** VmRSS of the process in MB; 0 where it cannot be read (not Linux, or the process is gone). */
    public static long ofProcessMb(long pid) {
        double kb = ofProcessKb(pid);
        return Double.isNaN(kb) ? 0 : (long) kb / 1024;
    }

    /** VmRSS of the process in KiB; NaN where it cannot be read. */
    public static double ofProcessKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process has just exited: no figure.
        }
        return Double.NaN;
    }
}
