package io.nightshift.plugins.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.TrialResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistAutoencoderPluginTest {

    @TempDir
    static Path dataRoot;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticMnist.write(dataRoot.resolve("mnist"), 600, 100, 5);
    }

    @Test
    void isRegisteredAndMinimisesValidationReconstructionError() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(MnistAutoencoderPlugin.class);
        var descriptor = new MnistAutoencoderPlugin().descriptor();
        assertThat(descriptor.id()).isEqualTo("mnist-autoencoder");
        assertThat(descriptor.objective()).isEqualTo(Objective.minimize("val_reconstruction_error"));
        assertThat(descriptor.suggestedQuestions())
                .contains("How small can an autoencoder's bottleneck be before reconstruction collapses?");
    }

    @Test
    void trainsAnAutoencoderThroughTheCore() throws Exception {
        Map<String, Object> p = Map.of("bottleneck_width", 8, "hidden_width", 64, "learning_rate", 3e-3,
                "batch_size", 64, "epochs", 2);
        RecordingTrialContext context = new RecordingTrialContext(p, Instant.now().plusSeconds(60), dataRoot);

        TrialResult result = new MnistAutoencoderPlugin().run(context);

        // Mean squared error per pixel in [0, 1]; the blobs on noise are easy to reconstruct roughly.
        assertThat(result.metric("val_reconstruction_error")).isBetween(0.0, 0.1);
        assertThat(result.metric("val_loss")).isEqualTo(result.metric("val_reconstruction_error"));
        assertThat(result.metrics()).containsKey("test_reconstruction_error").doesNotContainKey("val_accuracy");
        assertThat(result.metric("parameter_count")).isEqualTo(784 * 64 + 64 + 64 * 8 + 8 + 8 * 64 + 64 + 64 * 784 + 784);
        // What the plugin tells review before anything trains is what training reports.
        assertThat((double) new MnistAutoencoderPlugin().parameterCount(p).orElseThrow())
                .isEqualTo(result.metric("parameter_count"));
        assertThat(context.metricNames()).contains("val_reconstruction_error", "train_loss").doesNotContain("val_accuracy");
    }
}
