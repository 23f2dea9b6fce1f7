package io.nightshift.store;

/**
 * Where a proposal sits in its question's study design.
 *
 * @param cell      the arm or sweep point it belongs to (e.g. {@code batchnorm}, {@code bottleneck_width=8}); null
 *                  in a plain search
 * @param replicate 0 for the first run of its configuration, 1, 2 ... for re-runs of the same configuration
 *                  under other seeds
 * @param seed      the seed its trials use, chosen by the design; null to derive one from the proposal
 */
public record Placement(String cell, int replicate, Long seed) {

    public static final Placement NONE = new Placement(null, 0, null);

    public Placement {
        if (replicate < 0) {
            throw new IllegalArgumentException("replicate must not be negative, got " + replicate);
        }
    }
}
