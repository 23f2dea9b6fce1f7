package io.nightshift.agent.planner.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.nightshift.agent.config.NightshiftConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the LangChain4j {@link ChatModel} the {@code llm:} configuration names. Request and response
 * logging of the clients stays off: the accounting in {@link ModelGateway} records calls, without
 * credentials. The clients' own retries are off too: {@link ModelGateway} retries ({@code llm.max-retries}),
 * so that each failed attempt is recorded and counted, and none starts after the planning round's deadline.
 */
public final class ChatModelFactory {

    public static final String DEFAULT_OPENAI_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_OLLAMA_URL = "http://localhost:11434";
    /** Sent to OpenAI-compatible servers that need no key (vLLM, llama.cpp, LM Studio): the client wants one. */
    static final String NO_KEY = "no-key";

    private ChatModelFactory() {}

    /**
     * @param env where the API key is looked up, under the name in {@code llm.api-key-env}
     * @throws IllegalArgumentException naming what to fix: no model, or the key's variable not set
     */
    public static ChatModel create(NightshiftConfig.Llm llm, Map<String, String> env) {
        if (llm.model() == null || llm.model().isBlank()) {
            throw new IllegalArgumentException("llm.model is empty: name the model in the llm: section of nightshift.yaml"
                    + " (e.g. gpt-4o-mini, or qwen2.5:7b-instruct for Ollama)");
        }
        String key = apiKey(llm, env);
        Duration timeout = Duration.ofSeconds(llm.timeoutSeconds());
        return switch (llm.provider()) {
            case "openai-compatible" -> OpenAiChatModel.builder()
                    .baseUrl(llm.baseUrl().isBlank() ? DEFAULT_OPENAI_URL : llm.baseUrl())
                    .apiKey(key == null ? NO_KEY : key)
                    .modelName(llm.model())
                    .temperature(llm.temperature())
                    .maxTokens(llm.maxOutputTokens())
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case "ollama" -> OllamaChatModel.builder()
                    .baseUrl(llm.baseUrl().isBlank() ? DEFAULT_OLLAMA_URL : llm.baseUrl())
                    .modelName(llm.model())
                    .temperature(llm.temperature())
                    .numPredict(llm.maxOutputTokens())
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case "anthropic" -> {
                if (key == null) {
                    throw new IllegalArgumentException("the anthropic provider needs an API key: set llm.api-key-env to the"
                            + " name of the environment variable that holds it (e.g. ANTHROPIC_API_KEY)");
                }
                var b = AnthropicChatModel.builder()
                        .apiKey(key)
                        .modelName(llm.model())
                        .temperature(llm.temperature())
                        .maxTokens(llm.maxOutputTokens())
                        .timeout(timeout)
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false);
                if (!llm.baseUrl().isBlank()) {
                    b.baseUrl(llm.baseUrl());
                }
                yield b.build();
            }
            default -> throw new IllegalArgumentException("llm.provider '" + llm.provider() + "' must be one of "
                    + NightshiftConfig.Llm.PROVIDERS);
        };
    }

    /** The key from the environment, or null when none is configured. */
    public static String apiKey(NightshiftConfig.Llm llm, Map<String, String> env) {
        if (llm.apiKeyEnv() == null || llm.apiKeyEnv().isBlank()) {
            return null;
        }
        String key = env.get(llm.apiKeyEnv());
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("environment variable " + llm.apiKeyEnv() + " (named by llm.api-key-env)"
                    + " is not set; export it with the API key, or empty llm.api-key-env for a server that needs none");
        }
        return key.trim();
    }

    /** Whether the provider is sent the schema as its structured-output mode (the prompt carries it regardless). */
    public static boolean supportsStructuredOutput(String provider) {
        return provider.equals("openai-compatible") || provider.equals("ollama");
    }
}
