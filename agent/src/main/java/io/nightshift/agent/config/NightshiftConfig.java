package io.nightshift.agent.config;

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
        Loop loop) {

    public record Database(String url, String user, String password) {}

    public record Workers(
            int count,
            String device,
            int heapMb,
            int threads,
            int heartbeatSeconds,
            int heartbeatTimeoutSeconds,
            List<String> jvmArgs) {}

    public record Loop(
            String planner,
            int maxTrials,
            int trialBudgetSeconds,
            int tickSeconds,
            int maxAttempts,
            int staleAfterSeconds,
            long seed) {}

    public Path logDir() {
        return home.resolve("logs");
    }
}
