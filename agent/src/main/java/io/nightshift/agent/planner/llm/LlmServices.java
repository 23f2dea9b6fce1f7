package io.nightshift.agent.planner.llm;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.store.Store;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the language-model planners share for a whole run: the accounting gateway over one chat
 * model, the configuration, and whether the provider's structured-output mode is still in use (it is
 * switched off for the rest of the run when the provider refuses it).
 */
public final class LlmServices {

    private final ModelGateway gateway;
    private final AtomicBoolean structuredOutput;

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

    boolean structuredOutput() {
        return structuredOutput.get();
    }

    void disableStructuredOutput() {
        structuredOutput.set(false);
    }
}
