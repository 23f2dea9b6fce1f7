package io.nightshift.agent.loop;

import io.nightshift.store.EndCause;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.util.List;

/**
 * Whether an experiment whose latest trial ended without completing runs again. Only the experiment's own
 * failures use up its attempts: a worker that died or hung under it (which may not happen again) is retried up
 * to {@code maxAttempts} runs; a plugin error (which would) is not retried. A controller that was stopped or
 * crashed is nobody's verdict on the experiment, so it runs again without using an attempt, up to a generous
 * safety limit against a trial that takes its controller down with it every time.
 */
public record RetryPolicy(int maxAttempts) {

    /** Interruptions by a stopped or crashed controller after which an experiment is given up. */
    public static final int MAX_INTERRUPTIONS = 10;

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** @param attempts the experiment's trials, oldest attempt first; the last one has ended */
    public boolean runsAgain(List<Trial> attempts) {
        if (attempts.isEmpty()) {
            return false;
        }
        Trial latest = attempts.get(attempts.size() - 1);
        if (latest.status() == TrialStatus.INTERRUPTED) {
            long interruptions = attempts.stream().filter(t -> t.status() == TrialStatus.INTERRUPTED).count();
            return interruptions < MAX_INTERRUPTIONS
                    && (latest.endCause() == null || latest.endCause().byController()
                        || ownFailures(attempts) < maxAttempts);
        }
        if (latest.status() == TrialStatus.FAILED && latest.endCause() == EndCause.WORKER_LOST) {
            return ownFailures(attempts) < maxAttempts;
        }
        return false;
    }

    /** Whether the experiment is over: its latest trial ended and it does not run again. */
    public boolean finished(List<Trial> attempts) {
        if (attempts.isEmpty()) {
            return false;
        }
        Trial latest = attempts.get(attempts.size() - 1);
        return latest.status().terminal() && !runsAgain(attempts);
    }

    private static long ownFailures(List<Trial> attempts) {
        return attempts.stream().filter(t -> t.endCause() == EndCause.WORKER_LOST).count();
    }
}
