package io.nightshift.core.bench;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import java.util.List;
import java.util.Optional;

/**
 * The C library's malloc heap as glibc sees it: how much it holds from the system, how much of that is in use,
 * and how much is free but kept. Lets a benchmark tell a native leak (in use grows) from an allocator that holds
 * on to freed memory (free-but-kept grows). Reached through JNA, which DJL already brings; on another C library
 * (musl, or jemalloc preloaded, which leaves glibc's own heap empty) the figures are absent or meaningless.
 */
public final class NativeHeap {

    /** glibc's {@code struct mallinfo2} (2.33 and later): every field a {@code size_t}. */
    public static final class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                    "fordblks", "keepcost");
        }
    }

    /**
     * @param heapMiB   taken from the system with brk/mmap for the arenas (not counting large mmapped chunks)
     * @param mmapMiB   in chunks mmapped one by one (above the mmap threshold)
     * @param inUseMiB  handed out and not freed, in the arenas
     * @param freeMiB   freed but kept in the arenas
     */
    public record Stats(double heapMiB, double mmapMiB, double inUseMiB, double freeMiB) {
    }

    private NativeHeap() {
    }

    private static Function function(String name) {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction(name);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** glibc's malloc statistics, summed over all arenas; empty where mallinfo2 is missing. */
    public static Optional<Stats> stats() {
        Function f = function("mallinfo2");
        if (f == null) {
            return Optional.empty();
        }
        MallInfo2 m = (MallInfo2) f.invoke(MallInfo2.class, new Object[0]);
        double mib = 1024.0 * 1024.0;
        return Optional.of(new Stats(m.arena / mib, m.hblkhd / mib, m.uordblks / mib, m.fordblks / mib));
    }

    /**
     * Asks glibc to give free memory at the top of every arena, and free whole pages inside them, back to the
     * system ({@code malloc_trim(0)}).
     *
     * @return true if memory was released; false if none was, or the call is not available
     */
    public static boolean trim() {
        Function f = function("malloc_trim");
        if (f == null) {
            return false;
        }
        return f.invokeInt(new Object[] {0L}) != 0;
    }
}
