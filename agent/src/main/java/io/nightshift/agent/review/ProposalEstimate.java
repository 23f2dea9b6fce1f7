package io.nightshift.agent.review;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one experiment is expected to cost, as {@link ProposalEstimator} works it out, each figure with how it was
 * obtained: its parameter count (from the plugin), its memory and its time. Empty where nothing can be said.
 *
 * @param parameters    trainable parameters, as the plugin reports them
 * @param activations   activation values of one training batch, as the plugin reports them
 * @param memoryBytes   estimated training memory of the model (see {@link ProposalEstimator})
 * @param memoryBasis   how the memory was estimated, or why it was not
 * @param seconds       estimated wall time of one trial, never above the trial budget
 * @param timeBasis     how the time was estimated, or why it was not
 * @param budgetSeconds the question's trial budget: no trial runs longer
 */
public record ProposalEstimate(OptionalLong parameters, OptionalLong activations, OptionalLong memoryBytes,
                               String memoryBasis, OptionalDouble seconds, String timeBasis, int budgetSeconds) {

    static final double MB = 1024.0 * 1024.0;

    /** E.g. {@code 101,770} or {@code unknown}. */
    public String parametersText() {
        return parameters.isPresent() ? String.format(Locale.ROOT, "%,d", parameters.getAsLong()) : "unknown";
    }

    /** E.g. {@code about 42 s (median of 3 earlier runs of this configuration)}. */
    public String timeText() {
        return seconds.isPresent() ? "about " + duration(seconds.getAsDouble()) + " (" + timeBasis + ")"
                : "no estimate yet (" + timeBasis + "); at most the trial budget, " + duration(budgetSeconds);
    }

    /** E.g. {@code about 2.1 MB (...)}, or {@code unknown (...)}. */
    public String memoryText() {
        return memoryBytes.isPresent() ? "about " + megabytes(memoryBytes.getAsLong()) + " (" + memoryBasis + ")"
                : "unknown (" + memoryBasis + ")";
    }

    /** The same for machines: numbers or null, and the bases as text. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parameters", parameters.isPresent() ? parameters.getAsLong() : null);
        m.put("activations", activations.isPresent() ? activations.getAsLong() : null);
        m.put("memoryBytes", memoryBytes.isPresent() ? memoryBytes.getAsLong() : null);
        m.put("memoryBasis", memoryBasis);
        m.put("seconds", seconds.isPresent() ? seconds.getAsDouble() : null);
        m.put("timeBasis", timeBasis);
        m.put("trialBudgetSeconds", budgetSeconds);
        return m;
    }

    /** {@code 0.4 s}, {@code 42 s}, {@code 3.5 min}, {@code 2.0 h}. */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    /** {@code 0.42 MB}, {@code 12.3 MB}, {@code 2,048 MB}. */
    static String megabytes(long bytes) {
        double mb = bytes / MB;
        return mb < 1 ? String.format(Locale.ROOT, "%.2f MB", mb)
                : mb < 100 ? String.format(Locale.ROOT, "%.1f MB", mb) : String.format(Locale.ROOT, "%,.0f MB", mb);
    }
}
