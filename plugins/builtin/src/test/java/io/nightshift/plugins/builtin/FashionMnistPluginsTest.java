package io.nightshift.plugins.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.SyntheticImages;
import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in family runs on Fashion-MNIST as its own plugin ({@code fashion-mnist-mlp}, ...):
 * the same search space, objective and suggested designs as on MNIST, its own texts, and its own
 * data directory, never MNIST's.
 */
class FashionMnistPluginsTest {

    @TempDir
    static Path dataRoot;

    @TempDir
    static Path fashionOnly;

    @BeforeAll
    static void writeData() throws Exception {
        // Different sizes, so a trial's training_examples says which dataset it trained on.
        SyntheticMnist.write(dataRoot.resolve("mnist"), 1200, 200, 5);
        SyntheticImages.write(Datasets.FASHION_MNIST, dataRoot.resolve("fashion-mnist"), 960, 120, 6);
        SyntheticImages.write(Datasets.FASHION_MNIST, fashionOnly.resolve("fashion-mnist"), 60, 20, 7);
    }

    private static final List<List<Plugin>> PAIRS = List.of(
            List.of(new MnistMlpPlugin(), new FashionMnistMlpPlugin()),
            List.of(new MnistCnnPlugin(), new FashionMnistCnnPlugin()),
            List.of(new MnistAutoencoderPlugin(), new FashionMnistAutoencoderPlugin()));

    @Test
    void eachFamilyHasAFashionPluginWithTheSameSpaceObjectiveAndDesigns() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(FashionMnistMlpPlugin.class, FashionMnistCnnPlugin.class, FashionMnistAutoencoderPlugin.class);
        for (List<Plugin> pair : PAIRS) {
            var mnist = pair.get(0).descriptor();
            var fashion = pair.get(1).descriptor();
            assertThat(fashion.id()).isEqualTo("fashion-" + mnist.id());
            assertThat(fashion.searchSpace().names()).isEqualTo(mnist.searchSpace().names());
            assertThat(fashion.objective()).isEqualTo(mnist.objective());
            assertThat(pair.get(1).questions()).extracting(SuggestedQuestion::design)
                    .isEqualTo(pair.get(0).questions().stream().map(SuggestedQuestion::design).toList());
            // Its own texts: people and planners are told which dataset, and its figures.
            assertThat(fashion.description()).contains("Fashion-MNIST").doesNotContain("digit");
            assertThat(fashion.modelBrief()).contains("Fashion-MNIST").doesNotContain("digits")
                    .isNotEqualTo(mnist.modelBrief());
            assertThat(fashion.suggestedQuestions()).allMatch(q -> q.contains("Fashion-MNIST"));
        }
        assertThat(new FashionMnistMlpPlugin().descriptor().modelBrief())
                .contains("784 inputs").contains("10 logits").contains("Ankle boot").contains("about 0.85");
    }

    @Test
    void theMlpTrainsOnFashionMnistFromItsOwnDirectory() throws Exception {
        Map<String, Object> p = Map.of("hidden_width", 64, "hidden_layers", 1, "activation", "relu",
                "optimizer", "adam", "learning_rate", 3e-3, "batch_size", 64, "epochs", 2);
        RecordingTrialContext context = new RecordingTrialContext(p, Instant.now().plusSeconds(120), dataRoot);

        TrialResult result = new FashionMnistMlpPlugin().run(context);

        assertThat(context.log).anyMatch(l -> l.equals("loading Fashion-MNIST from " + dataRoot.resolve("fashion-mnist")))
                .anyMatch(l -> l.contains("784-64-10 relu") && l.contains("on Fashion-MNIST"));
        // 960 images with 1/12 held out for validation: 880 to train on (MNIST's copy here would give 1,100).
        assertThat(result.metric("training_examples")).isEqualTo(880);
        assertThat(result.metric("val_accuracy")).isGreaterThan(0.9);
        assertThat(result.metrics()).containsKeys("val_accuracy", "test_accuracy", "val_loss", "parameter_count");
    }

    @Test
    void theCnnAndTheAutoencoderTrainOnFashionMnist() throws Exception {
        RecordingTrialContext cnn = new RecordingTrialContext(Map.of("architecture", CnnFamily.ARCHITECTURES.get(0),
                "optimizer", "adam", "learning_rate", 3e-3, "schedule", "constant", "batch_size", 64, "epochs", 1),
                Instant.now().plusSeconds(120), dataRoot);
        assertThat(new FashionMnistCnnPlugin().run(cnn).metric("training_examples")).isEqualTo(880);

        RecordingTrialContext autoencoder = new RecordingTrialContext(Map.of("bottleneck_width", 8,
                "hidden_width", 64, "learning_rate", 3e-3, "batch_size", 64, "epochs", 1),
                Instant.now().plusSeconds(120), dataRoot);
        TrialResult result = new FashionMnistAutoencoderPlugin().run(autoencoder);
        assertThat(result.metric("training_examples")).isEqualTo(880);
        assertThat(result.metrics()).containsKey("val_reconstruction_error").doesNotContainKey("val_accuracy");
    }

    @Test
    void aWarmWorkerLoadsTheDatasetOnceAndCountsModelsLikeItsMnistTwin() throws Exception {
        FashionMnistMlpPlugin plugin = new FashionMnistMlpPlugin();
        Map<String, Object> p = Map.of("hidden_width", 32, "hidden_layers", 1, "activation", "relu",
                "optimizer", "adam", "learning_rate", 3e-3, "batch_size", 64, "epochs", 1);
        plugin.warmUp(dataRoot);
        RecordingTrialContext context = new RecordingTrialContext(p, Instant.now().plusSeconds(120), dataRoot);

        assertThat(plugin.run(context).metric("training_examples")).isEqualTo(880);
        assertThat(context.log).contains("Fashion-MNIST from " + dataRoot.resolve("fashion-mnist")
                + ", loaded once for this worker");
        // A context naming another data directory is served from there, not from what the worker kept.
        RecordingTrialContext elsewhere = new RecordingTrialContext(p, Instant.now().plusSeconds(120), fashionOnly);
        assertThat(plugin.run(elsewhere).metric("training_examples")).isEqualTo(55);
        assertThat(elsewhere.log).contains("loading Fashion-MNIST from " + fashionOnly.resolve("fashion-mnist"));

        for (List<Plugin> pair : PAIRS) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(4);
            for (int i = 0; i < 20; i++) {
                Map<String, Object> sample = pair.get(0).descriptor().searchSpace().sample(random);
                assertThat(pair.get(1).parameterCount(sample)).isEqualTo(pair.get(0).parameterCount(sample));
                assertThat(pair.get(1).activationCount(sample)).isEqualTo(pair.get(0).activationCount(sample));
            }
        }
    }

    @Test
    void prepareVerifiesFashionMnistAndLeavesMnistAlone() throws Exception {
        new FashionMnistMlpPlugin().prepare(fashionOnly);

        assertThat(fashionOnly.resolve("mnist")).doesNotExist();
        try (var files = Files.list(fashionOnly)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("fashion-mnist");
        }
    }
}
