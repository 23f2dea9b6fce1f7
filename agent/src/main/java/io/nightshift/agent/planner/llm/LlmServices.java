package io.nightshift.agent.planner.llm;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.store.Store;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the language-model planners share for a whole run: the accounting gateway over one chat
 * model, the configuration, whether the provider's structured-output mode is still in use (it is
 * switched off for the rest of the run when the provider refuses it), and the threads planning rounds
 * run on so that the caller can stop waiting for them ({@link io.nightshift.agent.planner.TimeBoundPlanner}).
 * Thread-safe: planners on several threads share one instance.
 */
public final class LlmServices {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ModelGateway gateway;
    private final AtomicBoolean structuredOutput;
    /**
     * Daemon threads, made as needed: a round that was given up on may keep its thread until its model
     * call ends (at most llm.timeout-seconds), and must not keep the JVM alive after the run.
     */
    private final ExecutorService rounds = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "llm-planning-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public LlmServices(ModelGateway gateway) {
        this.gateway = gateway;
        NightshiftConfig.Llm config = gateway.config();
        this.structuredOutput = new AtomicBoolean(config.structuredOutput()
                && ChatModelFactory.supportsStructuredOutput(config.provider()));
    }

    /**
     * Builds the chat model from the configuration and the environment (for the API key).
     *
     * @throws IllegalArgumentException when the configuration cannot work (no model, key variable not set)
     */
    public static LlmServices create(NightshiftConfig.Llm config, Store store, Map<String, String> env) {
        var model = ChatModelFactory.create(config, env);
        Redactor redactor = new Redactor(ChatModelFactory.apiKey(config, env));
        return new LlmServices(new ModelGateway(model, config, store.llmCalls(), redactor));
    }

    public ModelGateway gateway() {
        return gateway;
    }

    public NightshiftConfig.Llm config() {
        return gateway.config();
    }

    /** Where planning rounds run when their time is bounded. */
    public Executor rounds() {
        return rounds;
    }

    /** How long one planning round may take before the fallback plans it (llm.planning-timeout-seconds). */
    public Duration planningTimeout() {
        return Duration.ofSeconds(config().planningTimeoutSeconds());
    }

    boolean structuredOutput() {
        return structuredOutput.get();
    }

    void disableStructuredOutput() {
        structuredOutput.set(false);
    }
}
