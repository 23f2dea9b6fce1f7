package io.nightshift.agent.review;

import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads and writes review policies as text, the form kept in {@code question.review_policy} and given to
 * {@code run --review}:
 * <ul>
 *   <li>{@code auto} (also what a question without a policy gets): every proposal approved at once;</li>
 *   <li>{@code manual}: every proposal waits for a person;</li>
 *   <li>{@code auto-with-limits:max-params=2000000,max-minutes=5,max-memory-mb=4096}: approved when within every
 *       limit given (at least one), else it waits for a person with the reason. {@code max-params} is the
 *       parameter count the plugin reports (2000000, 2_000_000, 2M and 2000k are the same), {@code max-minutes}
 *       the estimated time of one trial, {@code max-memory-mb} its estimated memory (see
 *       {@link ProposalEstimator}).</li>
 * </ul>
 */
public final class ReviewPolicies {

    public static final String AUTO = "auto";
    public static final String MANUAL = "manual";
    public static final String AUTO_WITH_LIMITS = "auto-with-limits";
    public static final String MAX_PARAMS = "max-params";
    public static final String MAX_MINUTES = "max-minutes";
    public static final String MAX_MEMORY_MB = "max-memory-mb";

    static final String FORMS = "auto, manual, or auto-with-limits:LIMIT=VALUE,... with limits " + MAX_PARAMS + ", "
            + MAX_MINUTES + " and " + MAX_MEMORY_MB + " (e.g. auto-with-limits:max-params=2000000,max-minutes=5)";

    private ReviewPolicies() {
    }

    /**
     * The policy a text describes; null or blank is {@code auto}. Spaces around the parts and upper case are
     * accepted; {@link ReviewPolicy#text()} gives the canonical form back.
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public static ReviewPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            return new AutoApprovePolicy();
        }
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? null : trimmed.substring(colon + 1).strip();
        switch (name) {
            case AUTO, MANUAL -> {
                if (rest != null) {
                    throw new IllegalArgumentException("review policy " + name + " takes no limits (got '" + text
                            + "'); for limits use " + AUTO_WITH_LIMITS + ":" + rest);
                }
                return name.equals(AUTO) ? new AutoApprovePolicy() : new ManualPolicy();
            }
            case AUTO_WITH_LIMITS -> {
                return new AutoWithLimitsPolicy(limits(rest));
            }
            default -> throw new IllegalArgumentException("unknown review policy '" + text + "': use " + FORMS);
        }
    }

    /**
     * The question's policy: the one its row names, {@code fallback} when it names none. A policy that cannot be
     * read (written by something else) holds every proposal for a person rather than guess.
     */
    public static ReviewPolicy forQuestion(Question question, ReviewPolicy fallback) {
        if (question.reviewPolicy() == null || question.reviewPolicy().isBlank()) {
            return fallback;
        }
        try {
            return parse(question.reviewPolicy());
        } catch (IllegalArgumentException e) {
            return new Unreadable(question.reviewPolicy(), e.getMessage());
        }
    }

    private static AutoWithLimitsPolicy.Limits limits(String rest) {
        if (rest == null || rest.isEmpty()) {
            throw new IllegalArgumentException(AUTO_WITH_LIMITS + " needs at least one limit, e.g. " + AUTO_WITH_LIMITS
                    + ":" + MAX_PARAMS + "=2000000," + MAX_MINUTES + "=5");
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String part : rest.split(",", -1)) {
            String assignment = part.strip();
            int eq = assignment.indexOf('=');
            if (assignment.isEmpty()) {
                throw new IllegalArgumentException(AUTO_WITH_LIMITS + ": an empty limit in '" + rest
                        + "'; separate limits with single commas");
            }
            String key = (eq < 0 ? assignment : assignment.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (!key.equals(MAX_PARAMS) && !key.equals(MAX_MINUTES) && !key.equals(MAX_MEMORY_MB)) {
                throw new IllegalArgumentException(AUTO_WITH_LIMITS + ": unknown limit '" + key + "'; the limits are "
                        + MAX_PARAMS + ", " + MAX_MINUTES + " and " + MAX_MEMORY_MB);
            }
            if (eq < 0 || assignment.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException(AUTO_WITH_LIMITS + ": " + key + " needs a value, e.g. " + key + "="
                        + example(key));
            }
            if (given.put(key, assignment.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(AUTO_WITH_LIMITS + ": " + key + " is given twice");
            }
        }
        Long params = given.containsKey(MAX_PARAMS) ? count(given.get(MAX_PARAMS)) : null;
        Double minutes = given.containsKey(MAX_MINUTES) ? minutes(given.get(MAX_MINUTES)) : null;
        Long memory = given.containsKey(MAX_MEMORY_MB) ? megabytes(given.get(MAX_MEMORY_MB)) : null;
        return new AutoWithLimitsPolicy.Limits(params, minutes, memory);
    }

    private static String example(String key) {
        return switch (key) {
            case MAX_PARAMS -> "2000000";
            case MAX_MINUTES -> "5";
            default -> "4096";
        };
    }

    /** 2000000, 2_000_000, 2M, 500k, 1.5M. */
    static long count(String value) {
        String v = value.replace("_", "");
        long scale = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        switch (last) {
            case 'k', 'K' -> scale = 1_000;
            case 'm', 'M' -> scale = 1_000_000;
            case 'g', 'G' -> scale = 1_000_000_000;
            default -> {
            }
        }
        String digits = scale == 1 ? v : v.substring(0, v.length() - 1);
        try {
            java.math.BigDecimal n = new java.math.BigDecimal(digits).multiply(java.math.BigDecimal.valueOf(scale));
            if (n.signum() > 0 && n.stripTrailingZeros().scale() <= 0 && n.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return n.longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException(AUTO_WITH_LIMITS + ": " + MAX_PARAMS
                + " must be a positive whole number such as 2000000, 2_000_000 or 2M, got '" + value + "'");
    }

    private static double minutes(String value) {
        try {
            double m = Double.parseDouble(value);
            if (m > 0 && Double.isFinite(m)) {
                return m;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(AUTO_WITH_LIMITS + ": " + MAX_MINUTES
                + " must be a positive number of minutes such as 5 or 0.5, got '" + value + "'");
    }

    private static long megabytes(String value) {
        try {
            long mb = Long.parseLong(value.replace("_", ""));
            if (mb > 0) {
                return mb;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(AUTO_WITH_LIMITS + ": " + MAX_MEMORY_MB
                + " must be a positive whole number of megabytes such as 4096, got '" + value + "'");
    }

    /** A stored policy nobody can read: everything waits for a person, who is told why. */
    private record Unreadable(String stored, String problem) implements ReviewPolicy {
        @Override
        public String text() {
            return stored;
        }

        @Override
        public Outcome review(Proposal proposal, Supplier<ProposalEstimate> estimate) {
            return Outcome.waits("the question's review policy '" + stored + "' cannot be read (" + problem
                    + "), so every proposal waits for a person");
        }
    }
}
