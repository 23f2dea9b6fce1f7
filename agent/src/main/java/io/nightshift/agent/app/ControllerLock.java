package io.nightshift.agent.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Only one controller may run the loop on an embedded H2 file: two non-clustered Quartz schedulers on one set of
 * job tables would both fire the same jobs. An operating-system lock on a file beside the database does it; the
 * system releases it when the process ends in any way, kill -9 included, so there is nothing stale to clean up.
 * Readers ({@code status}) take no lock. On PostgreSQL the schedulers run clustered and many controllers share the
 * database, but each needs a home of its own ({@link #forHome}): a controller restarted from a home then knows that
 * the trials an earlier controller of that home left RUNNING are a dead one's (see {@link HomeTag}).
 */
public final class ControllerLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private ControllerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another controller holds the lock; the message says which process and what to do. */
    public static final class HeldElsewhere extends RuntimeException {
        HeldElsewhere(String message) {
            super(message);
        }
    }

    /** The lock for the configured database; none for PostgreSQL. */
    public static java.util.Optional<ControllerLock> forDatabase(String jdbcUrl, Path home, String displayUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return java.util.Optional.empty();
        }
        Path file = io.nightshift.store.Store.h2File(jdbcUrl)
                .map(base -> base.resolveSibling(base.getFileName() + ".controller.lock"))
                .orElse(home.resolve("controller.lock"));
        return java.util.Optional.of(acquire(file, displayUrl));
    }

    /** One controller per home, for a database many controllers share (PostgreSQL). */
    public static ControllerLock forHome(Path home) {
        return acquire(home.resolve("controller.lock"), holder -> "another nightshift controller is already running"
                + " from the home " + home + (holder.isEmpty() ? "" : " (" + holder + ")") + ". Several controllers"
                + " may share one PostgreSQL database, but each needs a home of its own: give this one another"
                + " (NIGHTSHIFT_HOME, or home: in its configuration), or stop the other first.");
    }

    /**
     * @param lockFile  the file to lock, created owner-only if missing
     * @param database  how to name the database in the message (password already masked)
     * @throws HeldElsewhere if another process holds it
     */
    public static ControllerLock acquire(Path lockFile, String database) {
        return acquire(lockFile, holder -> "another nightshift controller is already running the loop on " + database
                + (holder.isEmpty() ? "" : " (" + holder + ")") + ". Only one may run on an H2 file: wait for"
                + " it to finish or stop it (Ctrl-C in its terminal, or nightshift's pid with kill);"
                + " 'nightshift status' works meanwhile. To run several controllers at once, use PostgreSQL"
                + " (database.url).");
    }

    private static ControllerLock acquire(Path lockFile, java.util.function.Function<String, String> message) {
        try {
            OwnerOnly.file(lockFile);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very process (a test running two controllers)
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new HeldElsewhere(message.apply(holder));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + Instant.now())
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new ControllerLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process is ending or the lock is gone with the channel; nothing to keep.
        }
    }
}
