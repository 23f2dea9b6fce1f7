package io.nightshift.agent.review;

import io.nightshift.store.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code auto-with-limits:max-params=N,max-minutes=M,max-memory-mb=K} (any of them, at least one): a proposal
 * within every limit is approved at once; one over a limit, or whose size the limit needs but nobody can tell,
 * waits for a person with the reasons. The time limit is checked against the estimate when there is one, else
 * against the trial budget (no trial runs longer), so the first proposals of a question run without a person
 * whenever the budget itself is within the limit.
 */
public final class AutoWithLimitsPolicy implements ReviewPolicy {

    public static final String ACTOR = "auto-with-limits";

    /** Each limit null when not set; at least one is set. */
    public record Limits(Long maxParams, Double maxMinutes, Long maxMemoryMb) {
        public Limits {
            if (maxParams == null && maxMinutes == null && maxMemoryMb == null) {
                throw new IllegalArgumentException("auto-with-limits needs at least one limit");
            }
        }
    }

    private final Limits limits;

    public AutoWithLimitsPolicy(Limits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
    }

    public Limits limits() {
        return limits;
    }

    @Override
    public String text() {
        List<String> parts = new ArrayList<>();
        if (limits.maxParams() != null) {
            parts.add(ReviewPolicies.MAX_PARAMS + "=" + limits.maxParams());
        }
        if (limits.maxMinutes() != null) {
            parts.add(ReviewPolicies.MAX_MINUTES + "=" + number(limits.maxMinutes()));
        }
        if (limits.maxMemoryMb() != null) {
            parts.add(ReviewPolicies.MAX_MEMORY_MB + "=" + limits.maxMemoryMb());
        }
        return ReviewPolicies.AUTO_WITH_LIMITS + ":" + String.join(",", parts);
    }

    @Override
    public Outcome review(Proposal proposal, Supplier<ProposalEstimate> estimates) {
        ProposalEstimate estimate = estimates.get();
        List<String> within = new ArrayList<>();
        List<String> held = new ArrayList<>();
        if (limits.maxParams() != null) {
            if (estimate.parameters().isEmpty()) {
                held.add("parameter count unknown (the plugin does not report it), so " + ReviewPolicies.MAX_PARAMS
                        + " cannot be checked");
            } else {
                long n = estimate.parameters().getAsLong();
                (n <= limits.maxParams() ? within : held).add(String.format(Locale.ROOT, "%,d parameters %s %s %,d",
                        n, n <= limits.maxParams() ? "<=" : ">", ReviewPolicies.MAX_PARAMS, limits.maxParams()));
            }
        }
        if (limits.maxMinutes() != null) {
            double limitSeconds = limits.maxMinutes() * 60;
            if (estimate.seconds().isPresent()) {
                double s = estimate.seconds().getAsDouble();
                (s <= limitSeconds ? within : held).add("estimated " + ProposalEstimate.duration(s) + " "
                        + (s <= limitSeconds ? "<=" : ">") + " " + ReviewPolicies.MAX_MINUTES + " "
                        + number(limits.maxMinutes()));
            } else if (estimate.budgetSeconds() <= limitSeconds) {
                within.add("no time estimate yet, but the trial budget (" + ProposalEstimate.duration(
                        estimate.budgetSeconds()) + ") is within " + ReviewPolicies.MAX_MINUTES + " "
                        + number(limits.maxMinutes()));
            } else {
                held.add("no time estimate yet (" + estimate.timeBasis() + ") and the trial budget ("
                        + ProposalEstimate.duration(estimate.budgetSeconds()) + ") is above " + ReviewPolicies.MAX_MINUTES
                        + " " + number(limits.maxMinutes()));
            }
        }
        if (limits.maxMemoryMb() != null) {
            if (estimate.memoryBytes().isEmpty()) {
                held.add("memory unknown (" + estimate.memoryBasis() + "), so " + ReviewPolicies.MAX_MEMORY_MB
                        + " cannot be checked");
            } else {
                double mb = estimate.memoryBytes().getAsLong() / ProposalEstimate.MB;
                (mb <= limits.maxMemoryMb() ? within : held).add(String.format(Locale.ROOT, "estimated %s %s %s %d",
                        ProposalEstimate.megabytes(estimate.memoryBytes().getAsLong()), mb <= limits.maxMemoryMb() ? "<=" : ">",
                        ReviewPolicies.MAX_MEMORY_MB, limits.maxMemoryMb()));
            }
        }
        if (!held.isEmpty()) {
            return Outcome.waits("review policy " + text() + ": " + String.join("; ", held));
        }
        return Outcome.decided(new Review(true, ACTOR, "within the limits of " + text() + ": " + String.join("; ", within)));
    }

    /** 5 rather than 5.0; 0.5 as it is. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
