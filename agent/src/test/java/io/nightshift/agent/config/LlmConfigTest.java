package io.nightshift.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llm: section: defaults, overrides, and the checks that name the key. */
class LlmConfigTest {

    @TempDir
    Path userHome;

    private NightshiftConfig load(String yaml) throws Exception {
        Path file = userHome.resolve("custom.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of(), userHome).load(file);
    }

    @Test
    void defaultsAreSafeAndOverridesMerge() throws Exception {
        NightshiftConfig.Llm llm = load("llm:\n  provider: ollama\n  model: qwen2.5\n  hybrid:\n    mode: seed\n").llm();

        assertThat(llm.provider()).isEqualTo("ollama");
        assertThat(llm.model()).isEqualTo("qwen2.5");
        assertThat(llm.apiKeyEnv()).isEmpty();
        assertThat(llm.maxCost()).isZero();
        assertThat(llm.pricePer1kInputTokens()).isZero();
        assertThat(llm.maxReasks()).isEqualTo(2);
        assertThat(llm.planningTimeoutSeconds()).isEqualTo(60);
        assertThat(llm.maxRetries()).isEqualTo(2);
        assertThat(llm.hybrid().mode()).isEqualTo("seed");
        assertThat(llm.hybrid().candidates()).as("untouched default").isEqualTo(8);
        assertThat(llm.withMaxCost(1.5).maxCost()).isEqualTo(1.5);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> load("llm:\n  provider: gemini\n")).hasMessageContaining("llm.provider 'gemini'");
        assertThatThrownBy(() -> load("llm:\n  api-key-env: sk-live-123\n")).hasMessageContaining("NAME of an environment variable")
                .hasMessageNotContaining("sk-live-123");
        assertThatThrownBy(() -> load("llm:\n  max-cost: -1\n")).hasMessageContaining("llm.max-cost");
        assertThatThrownBy(() -> load("llm:\n  hybrid:\n    mode: vote\n")).hasMessageContaining("llm.hybrid.mode");
        assertThatThrownBy(() -> load("llm:\n  planning-timeout-seconds: 0\n"))
                .hasMessageContaining("llm.planning-timeout-seconds must be positive, got 0");
        assertThatThrownBy(() -> load("llm:\n  modle: x\n")).hasMessageContaining("unknown key 'modle'");
    }
}
