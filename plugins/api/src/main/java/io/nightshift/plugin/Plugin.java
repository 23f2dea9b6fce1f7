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
     * The plugin's suggested questions with the designs that answer them. By default each of the descriptor's
     * suggested questions is an optimisation of the whole space; override to give them real designs (a
     * comparison, a sweep).
     */
    default java.util.List<SuggestedQuestion> questions() {
        return descriptor().suggestedQuestions().stream()
                .map(text -> new SuggestedQuestion(text, StudyDesign.Optimise.whole()))
                .toList();
    }

    /**
     * Hands the plugin its settings: the {@code plugins.<id>:} section of {@code nightshift.yaml} (an empty map when
     * there is none). Called once per process before anything else of this plugin but {@link #descriptor()}: in the
     * controller when the plugins are loaded (every command that loads them), and in each worker before its first
     * trial of this plugin, with the same map, so keep what you read in fields and use it in {@link #prepare},
     * {@link #warmUp} and {@link #run}.
     *
     * <p>Check every value here and throw {@link InvalidSettingException} naming the key: nightshift reports it as a
     * configuration error ({@code plugins.<id>.<key>: <message>}) and exits with status 2 before any work starts.
     * {@link PluginSettings} reads typed values with such errors. Be quick and load no native code: it also runs
     * for {@code nightshift plugins} and {@code status}.
     *
     * <p>The default refuses every setting, so that settings given to a plugin that takes none are an error rather
     * than ignored in silence.
     *
     * @param settings the plugin's section, unmodifiable: Integer, Long, Double, Boolean, String, List and Map values
     */
    default void configure(java.util.Map<String, Object> settings) throws Exception {
        if (!settings.isEmpty()) {
            throw new InvalidSettingException(settings.keySet().iterator().next(),
                    "this plugin takes no settings; remove its section from nightshift.yaml");
        }
    }

    /**
     * Makes sure everything trials need is in place (datasets downloaded and verified), so that
     * a missing file is reported once, clearly, before the loop starts, and not charged to a
     * trial's budget. Called in the controller; it must not train or load native code.
     *
     * @param dataDirectory root directory for datasets (each in a sub-directory)
     */
    default void prepare(java.nio.file.Path dataDirectory) throws Exception {
    }

    /**
     * Called once in each worker process, before the first trial of this plugin there: load what every trial
     * needs and keep it in the plugin's fields (a dataset in memory, a compiled model), so that trials on a warm
     * worker skip it. The same plugin instance then runs all of that worker's trials, one at a time.
     *
     * @param dataDirectory root directory for datasets
     */
    default void warmUp(java.nio.file.Path dataDirectory) throws Exception {
    }

    /**
     * How many trainable parameters (weights, biases, normalisation scales and shifts) the model of this
     * configuration has, if the plugin can tell without training. Optional: the default says "unknown".
     *
     * <p>nightshift shows it with every proposal waiting for review, estimates a trial's memory from it, scales
     * earlier trials' times by it, and the {@code auto-with-limits} review policy compares it with its
     * {@code max-params} limit (a proposal whose count is unknown waits for a person when that limit is set).
     *
     * <p>It is called in the controller, for proposals waiting for review, on every tick of the loop: answer from
     * the configuration alone, in well under a millisecond, without loading native code, reading datasets or
     * allocating the model; never throw for a configuration that passed {@link SearchSpace#validate} (an exception
     * is logged and read as "unknown").
     *
     * @param params a configuration that passed {@link SearchSpace#validate} (canonical types: Integer, Double,
     *               String, as declared)
     */
    default java.util.OptionalLong parameterCount(java.util.Map<String, Object> params) {
        return java.util.OptionalLong.empty();
    }

    /**
     * How many activation values one training step holds for the backward pass: the input batch and the output of
     * every layer, for a whole batch (so the batch size is included). Optional, with the same rules as
     * {@link #parameterCount}; nightshift adds them to a trial's memory estimate (4 bytes each for the value and 4
     * for its gradient), and leaves them out, saying so, when the plugin does not tell.
     */
    default java.util.OptionalLong activationCount(java.util.Map<String, Object> params) {
        return java.util.OptionalLong.empty();
    }

    /**
     * Runs one trial. Stream progress through {@link TrialContext#metrics()} as it happens; the
     * returned result holds the final metrics and must contain the objective's metric.
     * Stop early (and return what you have) when the context says the trial is cancelled or its
     * deadline has passed.
     */
    TrialResult run(TrialContext context) throws Exception;
}
