package io.nightshift.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.core.data.ChecksumManifest;
import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.DatasetSpec;
import io.nightshift.core.data.IdxFormat;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.ImageShape;
import io.nightshift.core.data.SyntheticImages;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.model.NetworkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset that is not MNIST-shaped is a spec, not a change to the trainer: the class count and
 * the image shape (channels included) come from the dataset.
 */
class OtherDatasetsTrainingTest {

    private static final IdxFormat FILES = new IdxFormat("train-x", "train-y", "test-x", "test-y");

    private static final Map<String, String> PLACEHOLDER_MD5 =
            FILES.fileNames().stream().collect(Collectors.toMap(n -> n, n -> "0".repeat(32)));

    private static DatasetSpec spec(String name, ImageShape shape, int classes) {
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(i -> "class " + i).toList();
        return new DatasetSpec(name, name.toUpperCase(java.util.Locale.ROOT), shape, names, FILES, PLACEHOLDER_MD5,
                List.of());
    }

    private static TrainingConfig config() {
        return TrainingConfig.builder().optimizer(OptimizerSpec.adam(3e-3)).batchSize(32).epochs(3).seed(3).build();
    }

    @Test
    void fourClassesOfSixteenPixelsSquare(@TempDir Path dir) throws Exception {
        DatasetSpec four = spec("four-blobs", ImageShape.grey(16, 16), 4);
        SyntheticImages.write(four, dir, 600, 200, 1);
        ImageDataset data = DatasetSource.of(four, dir).load();
        assertThat(ChecksumManifest.readFrom(dir).md5ByFileName()).containsOnlyKeys(FILES.fileNames());

        TrainingResult result = new Trainer(MlpSpec.builder().dataset(four).hiddenLayers(1, 32).build(), config())
                .train(data, TrainingListener.NONE);

        assertThat(result.parameterCount()).isEqualTo(256 * 32 + 32 + 32 * 4 + 4);
        assertThat(result.testAccuracy()).isGreaterThan(0.9);
    }

    @Test
    void threeChannelImagesReachAConvolutionalNetworkAsChannels(@TempDir Path dir) throws Exception {
        DatasetSpec colour = spec("colour-blobs", new ImageShape(3, 12, 12), 6);
        SyntheticImages.write(colour, dir, 600, 200, 2);
        ImageDataset data = DatasetSource.of(colour, dir).load();
        assertThat(data.train().pixels()).hasSize(600 * 3 * 12 * 12);

        NetworkSpec cnn = NetworkSpec.parse("conv(8,3) relu pool(2) fc(6)", colour.shape().toArray(), colour.classes());
        TrainingResult result = new Trainer(cnn, config()).train(data, TrainingListener.NONE);

        assertThat(result.testAccuracy()).isGreaterThan(0.9);
    }

    @Test
    void aModelWithTooFewOutputsIsToldTheDatasetsClassCount(@TempDir Path dir) throws Exception {
        DatasetSpec twelve = spec("twelve", ImageShape.grey(16, 16), 12);
        SyntheticImages.write(twelve, dir, 100, 20, 3);
        ImageDataset data = DatasetSource.of(twelve, dir).load();

        assertThatThrownBy(() -> new Trainer(MlpSpec.builder().inputSize(256).build(), config())
                .train(data, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 10 outputs, but TWELVE has 12 classes; end the network with fc(12)");
        assertThatThrownBy(() -> new Trainer(MlpSpec.builder().build(), config()).train(data, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes [784] = 784 inputs")
                .hasMessageContaining("of TWELVE's 1x16x16 images give 256 values");
    }
}
