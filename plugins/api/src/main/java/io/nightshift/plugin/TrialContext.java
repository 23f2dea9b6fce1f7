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

    /** A line for the trial's log, kept with the trial ({@code nightshift trial N} shows it). */
    void log(String message);

    /**
     * Which run of its experiment this is: 1 for the first, 2 and more when it runs again (after its worker was
     * lost, or nightshift was stopped or crashed). With {@link #checkpoints()}, a long trial resumes instead of
     * starting over.
     */
    default int attempt() {
        return 1;
    }

    /** The experiment (proposal) this trial runs; the same for all its attempts. */
    default long proposalId() {
        return 0;
    }

    /**
     * This trial's own directory for files it produces (weight images, plots, exported models). Everything in it
     * when the trial ends is registered with the trial (name, kind, size, checksum), up to the configured size
     * cap, and listed by {@code nightshift trial N}. Created before the trial starts.
     */
    default Path artifacts() {
        throw new UnsupportedOperationException("this context gives the trial no artifact directory");
    }

    /**
     * A directory that survives the trial's retries (one per experiment): write checkpoints here, and on an
     * attempt after the first, resume from the latest one instead of starting over.
     */
    default Path checkpoints() {
        throw new UnsupportedOperationException("this context gives the trial no checkpoint directory");
    }

    /** A short text output kept with the trial under a name (a note, a string attribute, a summary). */
    default void note(String name, String text) {
        log(name + ": " + text);
    }

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
