package io.nightshift.store;

import java.time.Instant;
import java.util.Objects;

/** One value of a named metric reported by a trial while it ran. NaN and infinities are kept as given. */
public record MetricPoint(long id, long trialId, String name, int epoch, long step, double value, Instant recordedAt) {

    public MetricPoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
