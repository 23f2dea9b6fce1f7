package io.nightshift.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.MlpSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One epoch of the reference MLP (784-128-10, Adam 1e-3, batch 128) on the real Fashion-MNIST, from
 * Debian's package {@code dataset-fashion-mnist}. Skipped, saying so, where it is not installed.
 * A few seconds on one CPU thread; reaches about 0.85 validation accuracy (MNIST: about 0.97).
 */
class RealFashionMnistTrainingTest {

    @Test
    void oneEpochOfTheReferenceMlp() throws Exception {
        Path file = Datasets.DEBIAN_FASHION_MNIST.resolve("train-images-idx3-ubyte.gz");
        assumeTrue(Files.isRegularFile(file), "Debian's package " + Datasets.FASHION_MNIST_DEBIAN_PACKAGE
                + " is not installed (no " + file + "); install it with `sudo apt-get install "
                + Datasets.FASHION_MNIST_DEBIAN_PACKAGE + "` to run the real Fashion-MNIST tests");
        ImageDataset fashion = DatasetSource.of(Datasets.FASHION_MNIST.withFetchers(List.of()),
                Datasets.DEBIAN_FASHION_MNIST).load();

        TrainingConfig config = TrainingConfig.builder()
                .optimizer(OptimizerSpec.adam(1e-3)).batchSize(128).epochs(1).seed(1).build();
        TrainingResult result = new Trainer(MlpSpec.builder().dataset(fashion.spec()).build(), config)
                .train(fashion, TrainingListener.NONE);
        System.out.printf("Fashion-MNIST 784-128-10, 1 epoch: val acc %.4f, test acc %.4f, %.1f s%n",
                result.valAccuracy(), result.testAccuracy(), result.wallSeconds());

        assertThat(result.valAccuracy()).isBetween(0.78, 0.92);
        assertThat(result.testAccuracy()).isBetween(0.78, 0.92);
    }
}
