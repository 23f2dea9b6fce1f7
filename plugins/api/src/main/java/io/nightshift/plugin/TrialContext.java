package io.nightshift.plugin;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What a plugin gets for one trial. Implemented by the worker process; plugins never see the
 * store, the scheduler or the planner.
 */
public interface TrialContext {

    long trialId();

    /** The validated configuration, canonical types: {@code Double}, {@code Integer}, or a categorical choice. */
    Map<String, Object> parameters();

    /** Where progress goes; each call is streamed to the controller and stored at once. */
    MetricReporter metrics();

    /** The device this worker is pinned to, in DJL's notation: {@code cpu} or {@code gpu:0}. */
    String device();

    /** Wall-clock end of the trial's budget; stop training by then and report what you have. */
    Instant deadline();

    /** True once the controller asked this trial to stop. Check it at least once per batch. */
    boolean isCancelled();

    /** The seed for everything random in this trial. */
    long seed();

    /** Root directory for datasets, shared by all trials (each dataset in a sub-directory). */
    Path dataDirectory();

    /** A line for the trial's log, kept with the trial. */
    void log(String message);

    default double doubleParam(String name) {
        return ((Number) required(name)).doubleValue();
    }

    default int intParam(String name) {
        return ((Number) required(name)).intValue();
    }

    default String stringParam(String name) {
        return String.valueOf(required(name));
    }

    private Object required(String name) {
        Object v = parameters().get(name);
        if (v == null) {
            throw new IllegalArgumentException("trial " + trialId() + " has no parameter '" + name + "'");
        }
        return v;
    }
}
