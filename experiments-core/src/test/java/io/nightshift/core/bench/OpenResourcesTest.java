package io.nightshift.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.TrainedModel;
import io.nightshift.core.train.Trainer;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.train.TrainingListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Structural leak checks: what a trial opens natively is closed when it ends, trial after trial. */
class OpenResourcesTest {

    private static ImageDataset data;

    @BeforeAll
    static void writeData(@TempDir Path dir) throws Exception {
        SyntheticMnist.write(dir, 240, 60, 3);
        data = DatasetSource.of(Datasets.MNIST, dir, List.of()).load();
    }

    private static Trainer tinyTrainer(long seed) {
        return new Trainer(MlpSpec.builder().hiddenLayers(1, 8).build(),
                TrainingConfig.builder().optimizer(OptimizerSpec.adam(1e-3)).batchSize(32).epochs(1).seed(seed).build());
    }

    @Test
    void thirtyTrialsLeaveNoManagerOrArrayOpen() {
        OpenResources before = OpenResources.now();
        for (int t = 0; t < 30; t++) {
            tinyTrainer(t).train(data, TrainingListener.NONE);
            assertThat(OpenResources.now()).as("after trial %d", t).isEqualTo(before);
        }
    }

    @Test
    void aKeptModelIsCountedUntilClosed() {
        OpenResources before = OpenResources.now();
        try (TrainedModel model = tinyTrainer(1).fit(data, TrainingListener.NONE)) {
            OpenResources open = OpenResources.now();
            assertThat(open.managers()).isGreaterThan(before.managers());
            // 784x8 and 8x10 weights, two biases, and Adam's two moments for each of the four.
            assertThat(open.arrays()).isGreaterThanOrEqualTo(before.arrays() + 4);
        }
        assertThat(OpenResources.now()).isEqualTo(before);
    }

    @Test
    void benchmarkPrintsFiguresAndAVerdict() {
        StringWriter text = new StringWriter();
        List<MemoryBenchmark.Sample> samples = MemoryBenchmark.run(data, 4, 2, 100, new PrintWriter(text, true));

        assertThat(samples).extracting(MemoryBenchmark.Sample::trial).containsExactly(1, 2, 4);
        assertThat(text.toString()).contains("open-arrays")
                .containsPattern("verdict: no leak .*; heap growth trials 1\\.\\.4 = [0-9.]+x; rss growth trials 1\\.\\.4 = [0-9.]+x");
    }
}
