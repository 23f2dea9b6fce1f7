package io.nightshift.agent.worker;

import java.io.IOException;
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
 * it dies, so a crash costs one trial, never the pool.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final WorkerLauncher launcher;
    private final BlockingQueue<Slot> idle;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<Long, Slot> running = new ConcurrentHashMap<>();
    private volatile boolean closing;

    private static final class Slot {
        final int index;
        WorkerProcess process;

        Slot(int index) {
            this.index = index;
        }
    }

    public WorkerPool(WorkerLauncher launcher, int size) {
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

    /** Runs a trial on the next free worker, waiting for one if all are busy. */
    public TrialOutcome run(WorkerMessage.Run request, TrialEvents events, Instant hardLimit) throws InterruptedException {
        Slot slot = idle.take();
        try {
            if (closing) {
                return new TrialOutcome.WorkerLost("nightshift is shutting down");
            }
            WorkerProcess process;
            try {
                process = ensureStarted(slot);
            } catch (IOException e) {
                return new TrialOutcome.WorkerLost("could not start a worker: " + e.getMessage());
            }
            running.put(request.trialId(), slot);
            TrialOutcome outcome = process.run(request, events, hardLimit);
            if (outcome instanceof TrialOutcome.WorkerLost) {
                process.kill();
                slot.process = null;
            }
            return outcome;
        } finally {
            running.remove(request.trialId());
            idle.add(slot);
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
        if (slot.process == null || !slot.process.isAlive()) {
            slot.process = launcher.launch(slot.index);
        }
        return slot.process;
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
