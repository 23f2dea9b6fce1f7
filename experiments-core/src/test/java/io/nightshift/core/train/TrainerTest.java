package io.nightshift.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.core.device.Devices;
import io.nightshift.core.arch.Activation;
import io.nightshift.core.model.MlpSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static ImageDataset data;

    @BeforeAll
    static void writeData(@TempDir Path dir) throws Exception {
        SyntheticMnist.write(dir, 1200, 200, 7);
        data = DatasetSource.of(Datasets.MNIST, dir, List.of()).load();
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().optimizer(OptimizerSpec.adam(1e-3)).batchSize(32).epochs(2).seed(42);
    }

    @Test
    void learnsSyntheticDigits() {
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingResult result = new Trainer(MlpSpec.builder().build(), config().build()).train(data, epochs::add);

        assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(result.epochsCompleted()).isEqualTo(2);
        assertThat(result.testAccuracy()).isGreaterThan(0.95);
        assertThat(result.valAccuracy()).isGreaterThan(0.95);
        assertThat(result.parameterCount()).isEqualTo(784 * 128 + 128 + 128 * 10 + 10);
        // 1,200 images with 1/12 held out leaves 1,100 for training: 35 batches of 32 per epoch.
        assertThat(result.steps()).isEqualTo(70);
        assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(epochs.get(1).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(epochs.get(1).samplesPerSecond()).isPositive();
        assertThat(result.valLoss()).isEqualTo(epochs.get(1).valLoss());
    }

    @Test
    void sameSeedGivesIdenticalMetrics() {
        MlpSpec spec = MlpSpec.builder().hiddenLayers(2, 64).activation(Activation.TANH).build();
        TrainingConfig sgd = config().optimizer(OptimizerSpec.sgd(0.05, 0.9)).build();
        List<EpochMetrics> first = new ArrayList<>();
        List<EpochMetrics> second = new ArrayList<>();
        TrainingResult a = new Trainer(spec, sgd).train(data, first::add);
        TrainingResult b = new Trainer(spec, sgd).train(data, second::add);

        assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
        assertThat(b.valLoss()).isEqualTo(a.valLoss());
        assertThat(b.testAccuracy()).isEqualTo(a.testAccuracy());
        assertThat(second).extracting(EpochMetrics::trainLoss).isEqualTo(first.stream().map(EpochMetrics::trainLoss).toList());
    }

    @Test
    void differentSeedsDiffer() {
        MlpSpec spec = MlpSpec.builder().hiddenLayers(1, 32).build();
        TrainingResult a = new Trainer(spec, config().epochs(1).seed(1).build()).train(data, TrainingListener.NONE);
        TrainingResult b = new Trainer(spec, config().epochs(1).seed(2).build()).train(data, TrainingListener.NONE);
        assertThat(b.trainLoss()).isNotEqualTo(a.trainLoss());
    }

    @Test
    void cancellationStopsBeforeTheNextBatch() {
        AtomicInteger polls = new AtomicInteger();
        // Raised on the fourth poll: three batches run, the fourth never starts.
        TrainingConfig cancelling = config().epochs(5).cancelled(() -> polls.incrementAndGet() > 3).build();
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingResult result = new Trainer(MlpSpec.builder().build(), cancelling).train(data, epochs::add);

        assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(result.steps()).isEqualTo(3);
        assertThat(result.epochsCompleted()).isZero();
        assertThat(epochs).isEmpty();
        assertThat(result.trainLoss()).isFinite();
        assertThat(result.valAccuracy()).isBetween(0.0, 1.0);
    }

    @Test
    void deadlineStopsTraining() {
        TrainingConfig late = config().epochs(1000).deadline(Instant.now().plusMillis(1500)).build();
        long start = System.nanoTime();
        TrainingResult result = new Trainer(MlpSpec.builder().build(), late).train(data, TrainingListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.stopReason()).isEqualTo(StopReason.DEADLINE);
        assertThat(result.epochsCompleted()).isLessThan(1000);
        assertThat(seconds).isLessThan(5);
    }

    @Test
    void deadlineAlreadyPassedIsNoResultAtAll() {
        // An untrained network evaluates at chance level; reporting that as the trial's result was a real bug.
        TrainingConfig past = config().deadline(Instant.now().minusSeconds(1)).build();
        assertThatThrownBy(() -> new Trainer(MlpSpec.builder().build(), past).train(data, TrainingListener.NONE))
                .isInstanceOf(NothingTrainedException.class)
                .hasMessageContaining("before the first training step")
                .hasMessageContaining("larger budget");
    }

    @Test
    void cancelledBeforeTheFirstStepIsNoResultAtAll() {
        TrainingConfig cancelled = config().cancelled(() -> true).build();
        assertThatThrownBy(() -> new Trainer(MlpSpec.builder().build(), cancelled).train(data, TrainingListener.NONE))
                .isInstanceOf(NothingTrainedException.class)
                .hasMessageContaining("cancelled before its first training step");
    }

    @Test
    void anInterruptedRunResumesFromItsLastEpochInsteadOfStartingOver(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        TrainingConfig first = config().epochs(3).checkpointDirectory(dir).cancelled(stop::get).build();
        List<EpochMetrics> before = new ArrayList<>();
        TrainingResult cut = new Trainer(MlpSpec.builder().build(), first).train(data, new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                before.add(m);
                if (m.epoch() == 2) {
                    stop.set(true); // the attempt dies in its third epoch
                }
            }
        });
        assertThat(cut.epochsCompleted()).isEqualTo(2);
        assertThat(Checkpoints.latestEpoch(dir)).contains(2);

        List<EpochMetrics> after = new ArrayList<>();
        TrainingResult resumed = new Trainer(MlpSpec.builder().build(), config().epochs(3).checkpointDirectory(dir)
                .build()).train(data, after::add);

        assertThat(after).as("only the epoch the checkpoint did not hold").extracting(EpochMetrics::epoch).containsExactly(3);
        assertThat(resumed.epochsCompleted()).isEqualTo(3);
        assertThat(resumed.steps()).isEqualTo(before.get(1).step() / 2 * 3);
        assertThat(after.get(0).valLoss()).as("it starts from trained weights").isLessThan(before.get(0).valLoss());
        assertThat(Checkpoints.latestEpoch(dir)).contains(3);
    }

    @Test
    void rejectsModelThatDoesNotFitTheImages() {
        MlpSpec wrong = MlpSpec.builder().inputSize(100).build();
        assertThatThrownBy(() -> new Trainer(wrong, config().build()).train(data, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100 inputs").hasMessageContaining("28x28");
    }

    @Test
    void missingGpuIsAClearError() {
        assertThatThrownBy(() -> Devices.resolve("gpu:" + Engine.getInstance().getGpuCount(), Engine.getInstance()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GPU").hasMessageContaining("cpu");
        assertThatThrownBy(() -> Devices.resolve("tpu:zero", Engine.getInstance()))
                .hasMessageContaining("use cpu or gpu:N");
    }
}
