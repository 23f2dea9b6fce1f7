package io.nightshift.plugins.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.TrialResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistMlpPluginTest {

    @TempDir
    static Path dataRoot;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticMnist.write(dataRoot.resolve("mnist"), 1200, 200, 5);
    }

    private static Map<String, Object> params(int epochs) {
        Map<String, Object> p = new HashMap<>();
        p.put("hidden_width", 64);
        p.put("hidden_layers", 1);
        p.put("activation", "relu");
        p.put("optimizer", "adam");
        p.put("learning_rate", 1e-3);
        p.put("batch_size", 64);
        p.put("epochs", epochs);
        return p;
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(MnistMlpPlugin.class);
    }

    @Test
    void describesItself() {
        var d = new MnistMlpPlugin().descriptor();
        assertThat(d.id()).isEqualTo("mnist-mlp");
        assertThat(d.objective()).isEqualTo(Objective.maximize("val_accuracy"));
        assertThat(d.searchSpace().names()).containsExactly(
                "hidden_width", "hidden_layers", "activation", "optimizer", "learning_rate", "batch_size", "epochs");
        assertThat(d.suggestedQuestions()).hasSizeBetween(3, 4);
        assertThat(d.modelBrief()).contains("validation").contains("test_accuracy");
        // Every sampled configuration must pass the plugin's own validation.
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            d.searchSpace().validate(d.searchSpace().sample(random));
        }
    }

    @Test
    void trainsAndReportsEveryMetric() throws Exception {
        RecordingTrialContext context = new RecordingTrialContext(params(2), Instant.now().plusSeconds(120), dataRoot);

        TrialResult result = new MnistMlpPlugin().run(context);

        assertThat(result.metrics()).containsKeys("val_accuracy", "val_loss", "train_loss", "test_accuracy",
                "test_loss", "parameter_count", "training_examples", "epochs", "steps", "samples_per_second",
                "wall_seconds");
        assertThat(result.metric("val_accuracy")).isGreaterThan(0.9);
        assertThat(result.metric("test_accuracy")).isGreaterThan(0.9);
        assertThat(result.metric("parameter_count")).isEqualTo(784 * 64 + 64 + 64 * 10 + 10);
        assertThat((double) new MnistMlpPlugin().parameterCount(context.parameters()).orElseThrow())
                .as("the count review sees before training").isEqualTo(result.metric("parameter_count"));
        assertThat(result.metric("epochs")).isEqualTo(2);
        List<String> perEpoch = List.of("train_loss", "val_loss", "val_accuracy", "learning_rate",
                "samples_per_second", "wall_seconds");
        List<String> expected = new java.util.ArrayList<>(List.of("parameter_count", "training_examples"));
        expected.addAll(perEpoch);
        expected.addAll(perEpoch);
        assertThat(context.metrics).extracting(RecordingTrialContext.Metric::name).containsExactlyElementsOf(expected);
        RecordingTrialContext.Metric secondEpoch = context.metrics.get(2 + perEpoch.size());
        assertThat(secondEpoch.epoch()).isEqualTo(2);
        // 1,100 training images in batches of 64: 18 steps per epoch.
        assertThat(secondEpoch.step()).isEqualTo(36);
        assertThat(context.log).anyMatch(l -> l.contains("784-64-10 relu"));
    }

    @Test
    void aTrialCancelledBeforeItsFirstStepHasNoResult() {
        // An untrained network's accuracy is chance; reporting it as the trial's result was a bug.
        RecordingTrialContext context = new RecordingTrialContext(params(10), Instant.now().plusSeconds(120), dataRoot);
        context.cancelled = true;

        assertThatThrownBy(() -> new MnistMlpPlugin().run(context))
                .isInstanceOf(io.nightshift.core.train.NothingTrainedException.class)
                .hasMessageContaining("before its first training step");
    }

    @Test
    void rejectsParametersOutsideTheSpace() {
        Map<String, Object> p = params(1);
        p.put("activation", "swish");
        assertThatThrownBy(() -> new MnistMlpPlugin().run(new RecordingTrialContext(p, Instant.now().plusSeconds(60), dataRoot)))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("swish");
    }
}
