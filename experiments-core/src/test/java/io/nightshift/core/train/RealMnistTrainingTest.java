package io.nightshift.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.arch.Activation;
import io.nightshift.core.model.MlpSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference run on the real MNIST: 784-128-10, Adam 1e-3, batch 128. Opt-in because it needs
 * the dataset: {@code mvn test -pl experiments-core -Dtest=RealMnistTrainingTest -Dnightshift.mnist=DIR}
 * (add {@code -Dnightshift.mnist.epochs=3} for more epochs).
 */
@EnabledIfSystemProperty(named = "nightshift.mnist", matches = ".+")
class RealMnistTrainingTest {

    @Test
    void referenceRun() throws Exception {
        long loadStart = System.nanoTime();
        ImageDataset mnist = DatasetSource.of(Datasets.MNIST, Path.of(System.getProperty("nightshift.mnist"))).load();
        System.out.printf("loaded and verified MNIST in %.2f s%n", (System.nanoTime() - loadStart) / 1e9);
        int epochs = Integer.getInteger("nightshift.mnist.epochs", 1);

        TrainingConfig config = TrainingConfig.builder()
                .optimizer(OptimizerSpec.adam(1e-3)).batchSize(128).epochs(epochs).seed(1).build();
        TrainingResult result = new Trainer(MlpSpec.builder().build(), config).train(mnist, m ->
                System.out.printf("epoch %d: step %d, train loss %.4f, val loss %.4f, val acc %.4f, %.0f samples/s, %.2f s%n",
                        m.epoch(), m.step(), m.trainLoss(), m.valLoss(), m.valAccuracy(), m.samplesPerSecond(),
                        m.wallSeconds()));
        System.out.println(result);

        assertThat(result.testAccuracy()).isGreaterThan(0.95);
    }

    /** The corners of the mnist-mlp learning-rate range (1e-3 to 3e-2) must train well above chance in one epoch. */
    @ParameterizedTest
    @CsvSource({
        "ADAM, 3e-2, 3, 512, GELU, 64",
        "ADAM, 3e-2, 1, 32, RELU, 256",
        "SGD, 1e-3, 1, 32, TANH, 256",
        "SGD, 1e-3, 3, 512, RELU, 256",
        "SGD, 3e-2, 3, 512, RELU, 64"})
    void learningRateExtremesStillTrain(OptimizerSpec.Type type, double rate, int layers, int width,
                                        Activation activation, int batch) throws Exception {
        ImageDataset mnist = DatasetSource.of(Datasets.MNIST, Path.of(System.getProperty("nightshift.mnist"))).load();
        OptimizerSpec optimizer = type == OptimizerSpec.Type.ADAM ? OptimizerSpec.adam(rate) : OptimizerSpec.sgd(rate, 0.9);
        MlpSpec spec = MlpSpec.builder().hiddenLayers(layers, width).activation(activation).build();
        TrainingResult result = new Trainer(spec, TrainingConfig.builder().optimizer(optimizer).batchSize(batch)
                .epochs(1).seed(1).build()).train(mnist, TrainingListener.NONE);
        System.out.printf("%s %.0e %s batch %d: val acc %.4f, %.1f s%n", type, rate, spec.describe(), batch,
                result.valAccuracy(), result.wallSeconds());

        assertThat(result.valAccuracy()).isGreaterThan(0.8);
    }
}
