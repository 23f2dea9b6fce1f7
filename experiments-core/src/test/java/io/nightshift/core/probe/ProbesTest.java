package io.nightshift.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.model.NetworkSpec;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.TrainedModel;
import io.nightshift.core.train.Trainer;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesTest {

    private static ImageDataset data;
    private static TrainedModel mlp;

    @BeforeAll
    static void train(@TempDir Path dir) throws Exception {
        SyntheticMnist.write(dir, 600, 100, 11);
        data = DatasetSource.of(Datasets.MNIST, dir, List.of()).load();
        mlp = new Trainer(MlpSpec.builder().hiddenWidths(List.of(16)).build(), config()).fit(data, TrainingListener.NONE);
    }

    @AfterAll
    static void close() {
        mlp.close();
    }

    private static TrainingConfig config() {
        return TrainingConfig.builder().optimizer(OptimizerSpec.adam(3e-3)).batchSize(32).epochs(2).seed(1).build();
    }

    @Test
    void listsParametersByLayerName() {
        // 784-16-10 relu is fc(16) relu fc(10): layers fc1, relu1, fc2.
        assertThat(ParameterProbe.parameters(mlp))
                .extracting(p -> p.layer() + "." + p.name())
                .containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        LayerParameter weight = ParameterProbe.parameters(mlp, "fc1").get(0);
        assertThat(weight.shape()).containsExactly(16, 784);
        assertThat(weight.values()).hasSize(16 * 784);
        assertThatThrownBy(() -> ParameterProbe.parameters(mlp, "conv1"))
                .hasMessageContaining("no layer 'conv1'").hasMessageContaining("[fc1, relu1, fc2]");
    }

    @Test
    void activationsHaveTheLayersShape() {
        Activations hidden = new ActivationProbe(mlp, "relu1").of(data.test(), 7);
        assertThat(hidden.count()).isEqualTo(7);
        assertThat(hidden.shape()).containsExactly(16);
        assertThat(hidden.values()).hasSize(7 * 16);
        for (float v : hidden.values()) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
        Activations logits = new ActivationProbe(mlp, "fc2").of(data.test(), 3);
        assertThat(logits.values()).hasSize(3 * 10);
    }

    @Test
    void convActivationsKeepTheirImageShape() {
        NetworkSpec cnn = NetworkSpec.parse("conv(4,3) relu pool(2) fc(10)", new long[] {1, 28, 28}, 10);
        try (TrainedModel model = new Trainer(cnn, config()).fit(data, TrainingListener.NONE)) {
            Activations a = new ActivationProbe(model, "pool1").of(data.test(), 5);
            assertThat(a.shape()).containsExactly(4, 13, 13);
            assertThat(a.values()).hasSize(5 * 4 * 13 * 13);
            WeightTiles tiles = WeightTiles.of(model);
            // 4 kernels of 3x3, each scaled by 28 / 3 = 9 to 27 px, in a 2x2 grid.
            assertThat(tiles.tileSize()).isEqualTo(27);
            assertThat(tiles.image().getWidth()).isEqualTo(2 * 27 + 1);
        }
    }

    @Test
    void topActivatingInputsAreSortedByActivation() {
        ActivationProbe probe = new ActivationProbe(mlp, "fc2");
        List<TopActivations.Hit> top = TopActivations.of(probe, data.test(), 3, 5);
        assertThat(top).hasSize(5);
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).activation()).isLessThanOrEqualTo(top.get(i - 1).activation());
        }
        // No image outside the top 5 beats the fifth.
        Activations all = probe.of(data.test(), data.test().count());
        for (int i = 0; i < data.test().count(); i++) {
            int index = i;
            if (top.stream().noneMatch(h -> h.index() == index)) {
                assertThat(all.value(i, 3)).isLessThanOrEqualTo(top.get(4).activation());
            }
        }
        // The logit of class 3 fires hardest on images of a 3 in a model that learned the task.
        assertThat(top.get(0).label()).isEqualTo(3);
        assertThatThrownBy(() -> TopActivations.of(probe, data.test(), 10, 5)).hasMessageContaining("units 0..9");
    }

    @Test
    void firstLayerWeightsBecomeA4x4GridOf28PixelTiles(@TempDir Path dir) throws Exception {
        WeightTiles tiles = WeightTiles.of(mlp);
        assertThat(tiles.units()).isEqualTo(16);
        assertThat(tiles.columns()).isEqualTo(4);
        assertThat(tiles.rows()).isEqualTo(4);
        Path png = dir.resolve("fc1.png");
        tiles.writePng(png);

        BufferedImage read = ImageIO.read(png.toFile());
        // 4 tiles of 28 px and 3 gaps of 1 px each way.
        assertThat(read.getWidth()).isEqualTo(4 * 28 + 3).isEqualTo(115);
        assertThat(read.getHeight()).isEqualTo(115);
        assertThat(Files.size(png)).isPositive();
        // Each tile is normalised on its own, so each has a black and a white pixel; gaps stay black.
        assertThat(read.getRaster().getSample(28, 5, 0)).isZero();
        int max = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                max = Math.max(max, read.getRaster().getSample(x, y, 0));
            }
        }
        assertThat(max).isEqualTo(255);
    }
}
