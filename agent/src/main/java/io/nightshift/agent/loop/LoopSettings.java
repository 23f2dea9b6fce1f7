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
 */
public record LoopSettings(int workerSlots, int maxAttempts, Duration staleAfter, Path dataDir, int plannedAhead,
                           boolean soleController, boolean cancelAtBudget) {

    /** One experiment planned ahead, and other controllers possible. */
    public LoopSettings(int workerSlots, int maxAttempts, Duration staleAfter, Path dataDir) {
        this(workerSlots, maxAttempts, staleAfter, dataDir, 1, false, false);
    }

    public LoopSettings(int workerSlots, int maxAttempts, Duration staleAfter, Path dataDir, int plannedAhead,
                        boolean soleController) {
        this(workerSlots, maxAttempts, staleAfter, dataDir, plannedAhead, soleController, false);
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts);
    }
}
