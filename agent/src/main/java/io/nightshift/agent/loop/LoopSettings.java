package io.nightshift.agent.loop;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param workerSlots    how many trials may run at once
 * @param maxAttempts    how often an experiment runs when its worker is lost under it (see {@link RetryPolicy})
 * @param staleAfter     a RUNNING trial of another controller silent this long belongs to a controller that died
 * @param dataDir        passed to every trial
 * @param plannedAhead   experiments kept planned and queued beyond the worker slots, so that a freed worker
 *                       starts the next trial at once instead of waiting for the planner (a language model can
 *                       take a minute)
 * @param soleController whether this controller is the only one on the database (an H2 file, which a lock
 *                       guards): then a RUNNING trial it is not running was left by a predecessor that died, and
 *                       runs again at once instead of after {@code staleAfter}
 * @param cancelAtBudget when a question's time budget is spent, cancel its running trials (recorded as cancelled,
 *                       with what they reported so far) instead of letting them finish
 * @param overrun        how long a trial may run past its budget (a final evaluation, saving) before it is
 *                       cancelled, at least
 * @param cancelGrace    how long a cancelled trial has to stop before its worker is killed
 */
public record LoopSettings(int workerSlots, int maxAttempts, Duration staleAfter, Path dataDir, int plannedAhead,
                           boolean soleController, boolean cancelAtBudget, Duration overrun, Duration cancelGrace) {

    /** The default of {@code loop.overrun-seconds}. */
    public static final Duration DEFAULT_OVERRUN = Duration.ofSeconds(30);
    /** The default of {@code loop.cancel-grace-seconds}. */
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(15);

    /** One experiment planned ahead, and other controllers possible. */
    public LoopSettings(int workerSlots, int maxAttempts, Duration staleAfter, Path dataDir) {
        this(workerSlots, maxAttempts, staleAfter, dataDir, 1, false, false, DEFAULT_OVERRUN, DEFAULT_CANCEL_GRACE);
    }

    public LoopSettings(int workerSlots, int maxAttempts, Duration staleAfter, Path dataDir, int plannedAhead,
                        boolean soleController) {
        this(workerSlots, maxAttempts, staleAfter, dataDir, plannedAhead, soleController, false, DEFAULT_OVERRUN, DEFAULT_CANCEL_GRACE);
    }

    /**
     * When a trial that started at {@code start} with this budget is cancelled if still running: its budget plus
     * the overrun, or half its budget when that is longer (a long training run's final evaluation is long too).
     */
    public java.time.Instant hardLimit(java.time.Instant start, Duration budget) {
        Duration slack = budget.dividedBy(2).compareTo(overrun) > 0 ? budget.dividedBy(2) : overrun;
        return start.plus(budget).plus(slack);
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts);
    }
}
