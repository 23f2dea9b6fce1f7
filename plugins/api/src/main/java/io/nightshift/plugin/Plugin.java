package io.nightshift.plugin;

/**
 * An experiment family: what can be varied (the search space), what is optimised (the objective),
 * and how one trial runs. Implementations are found with {@link java.util.ServiceLoader}, so a
 * plugin jar lists its class in {@code META-INF/services/io.nightshift.plugin.Plugin}.
 *
 * <p>{@link #run} is called in a worker process, never in the controller: it may train on a GPU,
 * allocate native memory, or crash without taking the research loop down.
 */
public interface Plugin {

    PluginDescriptor descriptor();

    /**
     * Runs one trial. Stream progress through {@link TrialContext#metrics()} as it happens; the
     * returned result holds the final metrics and must contain the objective's metric.
     * Stop early (and return what you have) when the context says the trial is cancelled or its
     * deadline has passed.
     */
    TrialResult run(TrialContext context) throws Exception;
}
