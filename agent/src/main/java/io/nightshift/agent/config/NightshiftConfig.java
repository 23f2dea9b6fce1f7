package io.nightshift.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration, as read from {@code nightshift.yaml} (defaults merged with the user's
 * file) and the environment. Paths are resolved: {@link ConfigLoader} fills every derived value.
 */
public record NightshiftConfig(
        Path home,
        Path dataDir,
        Path pluginsDir,
        Database database,
        Workers workers,
        Loop loop,
        Llm llm,
        Artifacts artifacts,
        Plugins plugins) {

    /**
     * The {@code plugins:} section: each plugin's own settings by plugin id, handed to the plugin's
     * {@code configure} in the controller and in every worker.
     *
     * @param source the file they were read from, for error messages
     */
    public record Plugins(java.util.Map<String, java.util.Map<String, Object>> settings, String source) {
        public static Plugins none() {
            return new Plugins(java.util.Map.of(), "the built-in defaults");
        }
    }

    /** @param maxMbPerTrial files a trial may leave in its artifact directory; more are deleted, with a message */
    public record Artifacts(int maxMbPerTrial) {}

    public record Database(String url, String user, String password) {}

    /**
     * @param recycleAfterTrials a worker is replaced by a fresh one after this many trials, between trials; 0 = never
     * @param env                variables set in each worker process's environment (an empty value unsets one)
     */
    public record Workers(
            int count,
            String device,
            int heapMb,
            int threads,
            int heartbeatSeconds,
            int heartbeatTimeoutSeconds,
            List<String> jvmArgs,
            int recycleAfterTrials,
            java.util.Map<String, String> env,
            long maxMemoryMb) {

        /**
         * The resident memory past which a worker is killed mid-trial: {@code max-memory-mb}, or when that is 0, 80 %
         * of this machine's memory shared by {@code workers} workers, so that one runaway trial cannot take the
         * machine (and the controller with it) down; 0 (no limit) when the machine's memory is unknown.
         */
        public long memoryLimitMb(int workers, long machineMb) {
            if (maxMemoryMb > 0) {
                return maxMemoryMb;
            }
            return machineMb <= 0 ? 0 : Math.max(heapMb + 256L, machineMb * 8 / 10 / Math.max(1, workers));
        }
    }

    public record Loop(
            String planner,
            int maxTrials,
            int trialBudgetSeconds,
            int tickSeconds,
            int maxAttempts,
            int staleAfterSeconds,
            long seed,
            int overrunSeconds,
            int cancelGraceSeconds) {}

    /**
     * The language model behind the {@code llm} and {@code hybrid} planners. The API key itself is never
     * part of the configuration: only the name of the environment variable that holds it.
     *
     * @param provider  openai-compatible, ollama or anthropic
     * @param baseUrl   empty for the provider's default (OpenAI, http://localhost:11434, Anthropic)
     * @param apiKeyEnv name of the environment variable holding the key; empty for none (Ollama, local servers)
     * @param timeoutSeconds         one model call (one attempt) is given up after this long
     * @param maxRetries             further attempts of a call that failed with a timeout, 429, 5xx or lost
     *                               connection (made and recorded by ModelGateway, not by the client)
     * @param planningTimeoutSeconds one planning round (asks, retries, re-asks) may take this long; then the
     *                               fallback planner (TPE) plans the round and the model's answer is not waited for
     * @param maxCost   estimated cost (same unit as the prices) after which a question makes no more model
     *                  calls and the fallback planner takes over; 0 for no cap
     */
    public record Llm(
            String provider,
            String baseUrl,
            String model,
            String apiKeyEnv,
            int timeoutSeconds,
            int maxRetries,
            int planningTimeoutSeconds,
            double temperature,
            int maxOutputTokens,
            boolean structuredOutput,
            int maxReasks,
            double maxCost,
            @JsonProperty("price-per-1k-input-tokens") double pricePer1kInputTokens,
            @JsonProperty("price-per-1k-output-tokens") double pricePer1kOutputTokens,
            int historyRows,
            Hybrid hybrid) {

        public static final List<String> PROVIDERS = List.of("openai-compatible", "ollama", "anthropic");

        public Llm withMaxCost(double cost) {
            return new Llm(provider, baseUrl, model, apiKeyEnv, timeoutSeconds, maxRetries, planningTimeoutSeconds, temperature,
                    maxOutputTokens, structuredOutput, maxReasks, cost, pricePer1kInputTokens, pricePer1kOutputTokens,
                    historyRows, hybrid);
        }
    }

    /**
     * @param mode       rank: the model proposes {@code candidates}, TPE's acquisition keeps the best;
     *                   seed: the model proposes the first {@code seedTrials} experiments, TPE the rest
     */
    public record Hybrid(String mode, int candidates, int seedTrials) {
        public static final List<String> MODES = List.of("rank", "seed");
    }

    public Path logDir() {
        return home.resolve("logs");
    }
}
