package io.nightshift.agent.planner;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a planning round must be done. A slow planner checks it before each slow step (a model call,
 * a retry, a re-ask) and starts none once it has passed; a step already under way is not cut off.
 * Measured on the monotonic clock, so a change of the wall clock does not end a round early.
 */
public final class Deadline {

    /** What {@link #left()} says without a deadline: long, yet safe to convert to nanoseconds. */
    public static final Duration FOREVER = Duration.ofDays(10_000);

    private static final Deadline NONE = new Deadline(System::nanoTime, Long.MAX_VALUE, null);

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final Duration limit;

    private Deadline(LongSupplier nanoTime, long startNanos, Duration limit) {
        this.nanoTime = nanoTime;
        this.startNanos = startNanos;
        this.limit = limit;
    }

    /** No deadline: the round takes as long as it takes. */
    public static Deadline none() {
        return NONE;
    }

    /** @param limit positive */
    public static Deadline after(Duration limit) {
        return after(limit, System::nanoTime);
    }

    static Deadline after(Duration limit, LongSupplier nanoTime) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a deadline needs a positive limit, got " + limit);
        }
        return new Deadline(nanoTime, nanoTime.getAsLong(), limit);
    }

    public boolean passed() {
        return limit != null && nanoTime.getAsLong() - startNanos >= limit.toNanos();
    }

    /** What is left, zero once passed; {@link #FOREVER} when there is no deadline. */
    public Duration left() {
        if (limit == null) {
            return FOREVER;
        }
        long left = limit.toNanos() - (nanoTime.getAsLong() - startNanos);
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** The whole time the round was given; null when there is no deadline. */
    public Duration limit() {
        return limit;
    }

    @Override
    public String toString() {
        return limit == null ? "no deadline" : "deadline " + limit.toMillis() + " ms, " + left().toMillis() + " ms left";
    }
}
