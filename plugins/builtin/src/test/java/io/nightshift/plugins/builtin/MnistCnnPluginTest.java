package io.nightshift.plugins.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.core.model.NetworkSpec;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.TrialResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistCnnPluginTest {

    @TempDir
    static Path dataRoot;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticMnist.write(dataRoot.resolve("mnist"), 600, 100, 5);
    }

    @Test
    void everyCandidateArchitectureValidates() {
        for (String architecture : MnistCnnPlugin.ARCHITECTURES) {
            NetworkSpec spec = NetworkSpec.parse(architecture, MnistCnnPlugin.INPUT, 10);
            assertThat(spec.outputCount()).isEqualTo(10);
            assertThat(spec.parameterCount()).isBetween(1_000L, 1_000_000L);
        }
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(MnistCnnPlugin.class);
    }

    @Test
    void trainsTheFirstArchitectureThroughTheCore() throws Exception {
        Map<String, Object> p = Map.of("architecture", MnistCnnPlugin.ARCHITECTURES.get(0), "optimizer", "adamw",
                "learning_rate", 3e-3, "schedule", "cosine", "batch_size", 64, "epochs", 1);
        RecordingTrialContext context = new RecordingTrialContext(p, Instant.now().plusSeconds(60), dataRoot);

        TrialResult result = new MnistCnnPlugin().run(context);

        assertThat(result.metric("val_accuracy")).isGreaterThan(0.5);
        assertThat(result.metric("epochs")).isEqualTo(1);
        assertThat(context.metricNames()).contains("parameter_count", "val_accuracy", "learning_rate");
    }
}
