package io.nightshift.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.core.data.DatasetSource;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.model.NetworkSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingOptionsTest {

    private static ImageDataset data;
    private static final MlpSpec SMALL = MlpSpec.builder().hiddenLayers(1, 32).build();

    @BeforeAll
    static void writeData(@TempDir Path dir) throws Exception {
        SyntheticMnist.write(dir, 420, 60, 11);
        data = DatasetSource.of(Datasets.MNIST, dir, List.of()).load();
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().batchSize(32).epochs(2).seed(3);
    }

    static Stream<Arguments> optimisersAndSchedules() {
        return Stream.of(
                Arguments.of(OptimizerSpec.sgd(0.1, 0), LearningRateSchedule.constant()),
                Arguments.of(OptimizerSpec.sgd(0.05, 0.9).withWeightDecay(1e-4), LearningRateSchedule.step(1, 0.5)),
                Arguments.of(OptimizerSpec.nesterov(0.05, 0.9).withWeightDecay(1e-4), LearningRateSchedule.cosine()),
                Arguments.of(OptimizerSpec.adam(3e-3), LearningRateSchedule.linear().withWarmup(5)),
                Arguments.of(OptimizerSpec.adamW(3e-3, 0.05), LearningRateSchedule.cosine().withWarmup(3)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("optimisersAndSchedules")
    void eachOptimiserAndScheduleReducesTheLoss(OptimizerSpec optimizer, LearningRateSchedule schedule) {
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingResult result = new Trainer(SMALL, config().optimizer(optimizer).schedule(schedule).build())
                .train(data, epochs::add);
        assertThat(epochs.get(1).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        // Chance level is ln(10) = 2.30.
        assertThat(result.valLoss()).isLessThan(1.5);
    }

    @Test
    void schedulesFollowTheirCurves() {
        LearningRateSchedule warm = LearningRateSchedule.cosine().withWarmup(10);
        assertThat(warm.factor(0, 50, 110)).isEqualTo(0.1);
        assertThat(warm.factor(9, 50, 110)).isEqualTo(1.0);
        assertThat(warm.factor(10, 50, 110)).isEqualTo(1.0);
        assertThat(warm.factor(60, 50, 110)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(warm.factor(110, 50, 110)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LearningRateSchedule.step(2, 0.1).factor(99, 50, 500)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.step(2, 0.1).factor(100, 50, 500)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LearningRateSchedule.linear().factor(25, 10, 100)).isEqualTo(0.75);
        assertThat(LearningRateSchedule.constant().factor(1000, 10, 100)).isEqualTo(1.0);
    }

    @Test
    void learningRateIsReportedAsScheduled() {
        List<EpochMetrics> epochs = new ArrayList<>();
        new Trainer(SMALL, config().epochs(3).optimizer(OptimizerSpec.sgd(0.1, 0))
                .schedule(LearningRateSchedule.step(1, 0.5)).build()).train(data, epochs::add);
        assertThat(epochs).extracting(EpochMetrics::learningRate)
                .usingElementComparator((x, y) -> Math.abs(x - y) < 1e-6 ? 0 : Double.compare(x, y))
                .containsExactly(0.1, 0.05, 0.025);
    }

    @Test
    void sameSeedGivesIdenticalMetricsWithDropoutAndBatchNorm() {
        NetworkSpec cnn = NetworkSpec.parse("conv(4,3) batchnorm relu pool(2) dropout(0.3) fc(10)", new long[] {1, 28, 28}, 10);
        TrainingConfig c = config().epochs(1).optimizer(OptimizerSpec.adamW(1e-2, 0.01)).build();
        List<EpochMetrics> first = new ArrayList<>();
        List<EpochMetrics> second = new ArrayList<>();
        TrainingResult a = new Trainer(cnn, c).train(data, first::add);
        TrainingResult b = new Trainer(cnn, c).train(data, second::add);
        assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
        assertThat(b.valLoss()).isEqualTo(a.valLoss());
        assertThat(b.testAccuracy()).isEqualTo(a.testAccuracy());
        assertThat(second).extracting(EpochMetrics::valLoss).isEqualTo(first.stream().map(EpochMetrics::valLoss).toList());
    }

    @Test
    void labelNoiseAndSubsetAreExact() {
        // 420 images, 35 held out for validation: 385 available.
        TrainingConfig c = config().trainingSubset(100).labelNoise(0.25).build();
        TrainingSplit split = TrainingSplit.of(data.train(), 10, c);
        assertThat(split.trainIndices()).hasSize(100).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(split.trainIndices()).max().getAsInt()).isLessThan(385);
        int wrong = 0;
        for (int i = 0; i < 100; i++) {
            wrong += (split.trainLabels()[i] & 0xff) != data.train().label(split.trainIndices()[i]) ? 1 : 0;
        }
        assertThat(wrong).isEqualTo(25).isEqualTo(split.noisyLabels());
        assertThat(split.valFrom()).isEqualTo(385);
        // The same seed draws the same data; another seed another subset.
        assertThat(TrainingSplit.of(data.train(), 10, c).trainLabels()).isEqualTo(split.trainLabels());
        assertThat(TrainingSplit.of(data.train(), 10, config().seed(4).trainingSubset(100).build()).trainIndices())
                .isNotEqualTo(split.trainIndices());

        TrainingResult result = new Trainer(SMALL, config().epochs(1).trainingSubset(64).labelNoise(1.0).build())
                .train(data, TrainingListener.NONE);
        assertThat(result.trainingExamples()).isEqualTo(64);
        assertThat(result.noisyLabels()).isEqualTo(64);
        assertThat(result.steps()).isEqualTo(2);

        assertThatThrownBy(() -> new Trainer(SMALL, config().trainingSubset(386).build()).train(data, TrainingListener.NONE))
                .hasMessageContaining("only 385 remain");
    }

    @Test
    void reportsEveryKStepsAndStopsEarly() {
        List<StepMetrics> steps = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        // A rate this high on SGD stops improving fast; patience 1 with a large min delta stops at epoch 2.
        TrainingResult result = new Trainer(SMALL, config().epochs(20).reportEverySteps(4).earlyStopping(1, 10.0).build())
                .train(data, new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        epochs.add(m);
                    }

                    @Override
                    public void onSteps(StepMetrics m) {
                        steps.add(m);
                    }
                });
        assertThat(result.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
        assertThat(result.epochsCompleted()).isEqualTo(2);
        // 385 examples in batches of 32: 13 steps per epoch, 26 in all, a report at 4, 8, ..., 24.
        assertThat(steps).extracting(StepMetrics::step).containsExactly(4L, 8L, 12L, 16L, 20L, 24L);
        assertThat(steps).allMatch(s -> s.trainLoss() > 0 && s.samplesPerSecond() > 0);
        assertThat(epochs).hasSize(2);
    }

    @Test
    void timeBudgetStopsTraining() {
        long start = System.nanoTime();
        TrainingResult result = new Trainer(SMALL, config().epochs(10_000).timeBudget(Duration.ofMillis(700)).build())
                .train(data, TrainingListener.NONE);
        assertThat(result.stopReason()).isEqualTo(StopReason.DEADLINE);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(4);
    }
}
