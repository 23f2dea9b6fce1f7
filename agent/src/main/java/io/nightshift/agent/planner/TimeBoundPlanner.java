package io.nightshift.agent.planner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the time one planning round of a slow planner (a language model) may take. The round runs
 * on the given executor; when it has not returned within the limit, the fallback planner (TPE) plans
 * the round instead and the slow round is not waited for. The slow planner gets the same
 * {@link Deadline}, so it starts no further model call once it is abandoned; a call already under way
 * finishes in the background and is still recorded (see {@code ModelGateway}).
 *
 * <p>Why a thread: a model call cannot be cut off without interrupting the thread that makes it, and
 * that thread also writes to the store, where an interrupt could close the database file channel.
 */
public final class TimeBoundPlanner implements Planner {

    private static final Logger log = LoggerFactory.getLogger(TimeBoundPlanner.class);

    private final TimedPlanner slow;
    private final Planner fallback;
    private final Duration limit;
    private final Executor executor;

    /**
     * @param fallback plans the round when the slow planner has not returned in time; a different
     *                 instance from any the slow planner uses, since the abandoned round may still run
     * @param executor runs the slow rounds; its threads may outlive a round by one model call
     */
    public TimeBoundPlanner(TimedPlanner slow, Planner fallback, Duration limit, Executor executor) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a planning time limit must be positive, got " + limit);
        }
        this.slow = slow;
        this.fallback = fallback;
        this.limit = limit;
        this.executor = executor;
    }

    /** The slow planner's name: the loop's messages are about the planner the question chose. */
    @Override
    public String name() {
        return slow.name();
    }

    @Override
    public List<ProposedExperiment> propose(PlanningContext context, int count) {
        return plan(context, count).accepted().stream().map(PlanResult.Planned::experiment).toList();
    }

    @Override
    public PlanResult plan(PlanningContext context, int count) {
        Deadline deadline = Deadline.after(limit);
        long start = System.nanoTime();
        CompletableFuture<PlanResult> round = CompletableFuture.supplyAsync(() -> slow.plan(context, count, deadline), executor);
        try {
            return round.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the " + slow.name() + " planner failed", cause);
        } catch (TimeoutException e) {
            round.whenComplete((result, failure) -> late(start, failure));
            log.warn("the {} planner had no proposals after {} s (llm.planning-timeout-seconds); the {} planner plans"
                    + " this round, and the language model's late answer is recorded but not used",
                    slow.name(), limit.toSeconds(), fallback.name());
            return fallback.plan(context, count);
        } catch (InterruptedException e) {
            // Being stopped: keep the interrupt for the caller, and answer without waiting any longer.
            Thread.currentThread().interrupt();
            log.info("interrupted while waiting for the {} planner; the {} planner plans this round", slow.name(), fallback.name());
            return fallback.plan(context, count);
        }
    }

    private void late(long startNanos, Throwable failure) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        if (failure == null) {
            log.info("the abandoned {} planning round ended after {} s", slow.name(), seconds);
        } else {
            log.warn("the abandoned {} planning round failed after {} s: {}", slow.name(), seconds,
                    failure.getCause() != null ? failure.getCause().toString() : failure.toString());
        }
    }
}
