package io.nightshift.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.nightshift.core.arch.Activation;
import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.LabeledImages;
import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.core.model.AutoencoderSpec;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.model.SparseAutoencoderSpec;
import io.nightshift.core.probe.Activations;
import io.nightshift.core.probe.ActivationProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderTrainingTest {

    private static ImageDataset data;
    /** The model whose hidden layer the sparse autoencoders learn a dictionary of. */
    private static TrainedModel classifier;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        SyntheticMnist.write(dir, 600, 100, 13);
        data = DatasetSource.of(Datasets.MNIST, dir, List.of()).load();
        classifier = new Trainer(MlpSpec.builder().hiddenWidths(List.of(32)).build(), config(2).build())
                .fit(data, TrainingListener.NONE);
    }

    @AfterAll
    static void tearDown() {
        classifier.close();
    }

    private static TrainingConfig.Builder config(int epochs) {
        return TrainingConfig.builder().optimizer(OptimizerSpec.adam(3e-3)).batchSize(32).epochs(epochs).seed(5);
    }

    @Test
    void autoencoderReconstructsBetterEachEpochThroughItsBottleneck() {
        AutoencoderSpec spec = new AutoencoderSpec(784, List.of(64), 8, Activation.RELU);
        assertThat(spec.describe()).isEqualTo("autoencoder 784-64-8-64-784 relu");
        assertThat(spec.network().layerNames())
                .containsExactly("fc1", "relu1", "fc2", "fc3", "relu2", "fc4", "sigmoid1");
        List<EpochMetrics> epochs = new ArrayList<>();
        Trainer trainer = new Trainer(spec, config(3).build(), TrainingObjective.reconstruction(), ModelInputs.pixels());
        try (TrainedModel model = trainer.fit(data, epochs::add)) {
            assertThat(epochs).hasSize(3);
            assertThat(epochs.get(2).valLoss()).isLessThan(epochs.get(0).valLoss());
            assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
            assertThat(epochs.get(0).valAccuracy()).isNaN();
            assertThat(model.result().testLoss()).isBetween(0.0, 0.1);
            assertThat(model.result().testAccuracy()).isNaN();

            Activations code = new ActivationProbe(model, spec.bottleneckLayer()).of(data.test(), 10);
            assertThat(code.shape()).containsExactly(8);
            assertThat(code.values()).hasSize(80);
        }
        // Deterministic: the same seed gives the same figures.
        List<EpochMetrics> again = new ArrayList<>();
        trainer.train(data, again::add);
        assertThat(again.get(2).valLoss()).isEqualTo(epochs.get(2).valLoss());
    }

    @Test
    void rejectsAnAutoencoderThatDoesNotEndAtTheInputSize() {
        MlpSpec tenOutputs = MlpSpec.builder().hiddenWidths(List.of(16)).build();
        assertThatThrownBy(() -> new Trainer(tenOutputs, config(1).build(), TrainingObjective.reconstruction(),
                ModelInputs.pixels()).fit(data, TrainingListener.NONE))
                .hasMessageContaining("takes 784 and outputs 10").hasMessageContaining("fc(784)");
    }

    @Test
    void l1PenaltyMakesTheCodeSparser() {
        double plain = nearZeroFraction(Sparsity.none());
        double sparse = nearZeroFraction(Sparsity.l1(1.0));
        // Measured: 55% of code values near zero without the penalty, 70% with it (deterministic seed).
        assertThat(sparse).isGreaterThan(plain + 0.1);
    }

    @Test
    void klTargetTrainsASigmoidCodeTowardsTheTarget() {
        SparseAutoencoderSpec spec = new SparseAutoencoderSpec(32, 64, Activation.SIGMOID);
        List<EpochMetrics> epochs = new ArrayList<>();
        try (TrainedModel sae = sparseTrainer(spec, Sparsity.kl(0.05, 1.0), 4).fit(data, epochs::add)) {
            assertThat(epochs.get(3).valLoss()).isLessThan(epochs.get(0).valLoss()).isFinite();
            float[] code = codes(sae, spec);
            double mean = 0;
            for (float c : code) {
                mean += c;
            }
            mean /= code.length;
            // Without the penalty a sigmoid code sits near 0.5; the target pulls it far below.
            assertThat(mean).isLessThan(0.2);
        }
    }

    private static Trainer sparseTrainer(SparseAutoencoderSpec spec, Sparsity sparsity, int epochs) {
        return new Trainer(spec, config(epochs).build(), TrainingObjective.sparseReconstruction(sparsity),
                new ActivationProbe(classifier, "relu1").asInputs());
    }

    /** Fraction of code values below 1e-3 on the test images, for a ReLU dictionary of 64 over relu1 (32 units). */
    private static double nearZeroFraction(Sparsity sparsity) {
        SparseAutoencoderSpec spec = new SparseAutoencoderSpec(32, 64, Activation.RELU);
        try (TrainedModel sae = sparseTrainer(spec, sparsity, 4).fit(data, TrainingListener.NONE)) {
            float[] code = codes(sae, spec);
            long zero = 0;
            for (float c : code) {
                if (Math.abs(c) < 1e-3) {
                    zero++;
                }
            }
            return (double) zero / code.length;
        }
    }

    /** The dictionary codes of the test images: the classifier's relu1, then the SAE's code layer. */
    private static float[] codes(TrainedModel sae, SparseAutoencoderSpec spec) {
        LabeledImages test = data.test();
        try (NDManager manager = classifier.manager().newSubManager()) {
            NDArray images = classifier.input(manager, test.pixels(), test.count());
            NDArray hidden = new ActivationProbe(classifier, "relu1").forward(images);
            return new ActivationProbe(sae, spec.codeLayer()).forward(hidden).toFloatArray();
        }
    }
}
