package io.nightshift.agent.worker;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of worker slots. A slot's process starts on first use and is started again after
 * it dies, so a crash costs one trial, never the pool. With {@code recycleAfterTrials} set, a worker that has run
 * that many trials is stopped and replaced when its slot is next leased, between trials and never during one: a
 * long-lived worker's resident memory creeps up with the trials it ran (freed native memory the C allocator keeps;
 * see docs/ARCHITECTURE.md), and a fresh JVM gives it all back.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final WorkerLauncher launcher;
    private final BlockingQueue<Slot> idle;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<Long, Slot> running = new ConcurrentHashMap<>();
    private final int recycleAfterTrials;
    private volatile boolean closing;

    private static final class Slot {
        final int index;
        WorkerProcess process;
        /** Trials the current process ran to an end (completed or failed; a lost worker is replaced anyway). */
        int trialsRun;

        Slot(int index) {
            this.index = index;
        }
    }

    /** A pool whose workers live until they die or the pool closes. */
    public WorkerPool(WorkerLauncher launcher, int size) {
        this(launcher, size, 0);
    }

    /**
     * @param recycleAfterTrials replace a worker once it has run this many trials (before its slot's next trial);
     *                           0 = never
     */
    public WorkerPool(WorkerLauncher launcher, int size, int recycleAfterTrials) {
        if (recycleAfterTrials < 0) {
            throw new IllegalArgumentException("recycleAfterTrials must be 0 (never) or positive: " + recycleAfterTrials);
        }
        this.recycleAfterTrials = recycleAfterTrials;
        this.launcher = launcher;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 1; i <= size; i++) {
            Slot slot = new Slot(i);
            slots.add(slot);
            idle.add(slot);
        }
    }

    public int size() {
        return slots.size();
    }

    /** True once {@link #close()} began: a trial that ends now was interrupted, not failed. */
    public boolean isClosing() {
        return closing;
    }

    /**
     * A started, idle worker, held until closed. Taken before a trial is marked running, so that neither the
     * wait for a free worker nor a worker's start-up eats into the trial's budget.
     */
    public final class Lease implements AutoCloseable {
        private final Slot slot;
        private Long trialId;

        private Lease(Slot slot) {
            this.slot = slot;
        }

        /** Runs the trial on this worker and blocks until it ends; a lost worker is replaced on next use. */
        public TrialOutcome run(WorkerMessage.Run request, TrialEvents events, Instant hardLimit) {
            return run(request, events, hardLimit, WorkerProcess.CANCEL_GRACE);
        }

        /** As {@link #run(WorkerMessage.Run, TrialEvents, Instant)}, killing a cancelled trial's worker after {@code cancelGrace}. */
        public TrialOutcome run(WorkerMessage.Run request, TrialEvents events, Instant hardLimit, Duration cancelGrace) {
            trialId = request.trialId();
            running.put(trialId, slot);
            TrialOutcome outcome = slot.process.run(request, events, hardLimit, cancelGrace);
            if (outcome instanceof TrialOutcome.WorkerLost || outcome instanceof TrialOutcome.OutOfMemory) {
                slot.process.kill();
                slot.process = null;
            } else {
                slot.trialsRun++;
            }
            return outcome;
        }

        @Override
        public void close() {
            if (trialId != null) {
                running.remove(trialId);
            }
            idle.add(slot);
        }
    }

    /** No worker can be had: the pool is closing, or a worker would not start (the message has its output). */
    public static final class Unavailable extends Exception {
        private final boolean closing;

        Unavailable(String message, boolean closing) {
            super(message);
            this.closing = closing;
        }

        public boolean closing() {
            return closing;
        }
    }

    /** The next free worker, started if need be; waits while all are busy. */
    public Lease acquire() throws InterruptedException, Unavailable {
        Slot slot = idle.take();
        boolean leased = false;
        try {
            if (closing) {
                throw new Unavailable("nightshift is shutting down", true);
            }
            try {
                ensureStarted(slot);
            } catch (IOException e) {
                throw new Unavailable("could not start a worker: " + e.getMessage(), closing);
            }
            leased = true;
            return new Lease(slot);
        } finally {
            if (!leased) {
                idle.add(slot);
            }
        }
    }

    /** Runs a trial on the next free worker, waiting for one if all are busy. */
    public TrialOutcome run(WorkerMessage.Run request, TrialEvents events, Instant hardLimit) throws InterruptedException {
        try (Lease lease = acquire()) {
            return lease.run(request, events, hardLimit);
        } catch (Unavailable e) {
            return new TrialOutcome.WorkerLost(e.getMessage());
        }
    }

    /** Asks the worker running this trial to stop it; the trial then ends with what it has. */
    public boolean cancel(long trialId) {
        Slot slot = running.get(trialId);
        WorkerProcess process = slot == null ? null : slot.process;
        if (process == null) {
            return false;
        }
        process.cancel(trialId);
        return true;
    }

    private synchronized WorkerProcess ensureStarted(Slot slot) throws IOException {
        if (slot.process != null && slot.process.isAlive() && recycleAfterTrials > 0
                && slot.trialsRun >= recycleAfterTrials) {
            // Between two trials of this slot: nothing runs on it, and the next trial waits for the new worker.
            log.info("{} (pid {}) ran {} trials; replacing it with a fresh worker (workers.recycle-after-trials = {})",
                    slot.process.name(), slot.process.pid(), slot.trialsRun, recycleAfterTrials);
            slot.process.close();
            slot.process = null;
        }
        if (slot.process == null || !slot.process.isAlive()) {
            slot.process = launcher.launch(slot.index);
            slot.trialsRun = 0;
        }
        return slot.process;
    }

    /** The process id of each slot's worker, by slot number from 1; 0 where none is running (for benchmarks). */
    public synchronized List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Slot slot : slots) {
            pids.add(slot.process != null && slot.process.isAlive() ? slot.process.pid() : 0L);
        }
        return pids;
    }

    /** Stops every worker at once; running trials end as {@link TrialOutcome.WorkerLost}. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            for (Slot slot : slots) {
                if (slot.process != null) {
                    log.info("stopping {}", slot.process.name());
                    slot.process.close();
                }
            }
        }
    }
}
