package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.NetworkSpec;
import io.nightshift.core.train.LearningRateSchedule;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.trial.TrialTraining;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;
import java.util.Map;

/**
 * A small convolutional network on MNIST, its architecture chosen among strings of the
 * architecture grammar. All the training is the core's; this class is the search space and glue.
 */
public final class MnistCnnPlugin extends MnistPlugin {

    public static final String ID = "mnist-cnn";

    /** One MNIST image: one channel of 28x28. */
    static final long[] INPUT = {1, 28, 28};

    /** Kept small enough for an epoch in tens of seconds on one CPU thread. */
    static final List<String> ARCHITECTURES = List.of(
            "conv(8,3) relu pool(2) conv(16,3) relu pool(2) fc(64) relu fc(10)",
            "conv(16,5) relu pool(2) conv(32,5) relu pool(2) fc(10)",
            "conv(8,3) batchnorm relu pool(2) conv(16,3) batchnorm relu pool(2) dropout(0.25) fc(10)",
            "conv(32,3) relu pool(2) conv(64,3) relu pool(2) fc(128) relu fc(10)",
            // The third without batch normalisation: the pair isolates what batch norm does.
            "conv(8,3) relu pool(2) conv(16,3) relu pool(2) dropout(0.25) fc(10)");

    private static final SearchSpace SEARCH_SPACE = SearchSpace.builder()
            .categorical("architecture", ARCHITECTURES.toArray(new String[0]))
            .categorical("optimizer", "adam", "adamw")
            .logFloatParam("learning_rate", 3e-4, 3e-3)
            .categorical("schedule", "constant", "cosine")
            .categorical("batch_size", 64, 128)
            .intParam("epochs", 1, 3)
            .build();

    /** AdamW's customary decoupled weight decay; Adam runs without any. */
    static final double ADAMW_WEIGHT_DECAY = 0.01;

    private static final String DESCRIPTION =
            "A small convolutional network classifying MNIST digits; chooses the architecture among a few"
                    + " grammar strings and tunes optimiser, learning rate, schedule, batch size and epochs.";

    private static final String MODEL_BRIEF = """
            Each trial trains a convolutional network on MNIST (1x28x28 grey-scale digits, 10 classes) from \
            scratch and reports accuracy on a fixed validation split: the last 5,000 of the 60,000 training \
            images. Test accuracy on the official 10,000 test images is reported for information only and must \
            never guide the search.
            architecture is one of these strings of the architecture grammar (conv(filters,kernel), pool(size) \
            is max pooling, fc(units) flattens its input first, batchnorm, dropout(rate)):
            %s
            Optimisers: adam, or adamw with decoupled weight decay 0.01. schedule constant keeps the learning \
            rate, cosine decays it to zero over the planned epochs. Typical figures: the first architecture \
            reaches about 0.98 validation accuracy after one epoch with adam 1e-3; larger ones gain a few tenths \
            and cost several times more time per epoch on a CPU.
            Metrics per epoch: train_loss, val_loss, val_accuracy, learning_rate, samples_per_second, \
            wall_seconds; final metrics add test_accuracy, parameter_count, epochs.""".formatted(
            String.join("\n", ARCHITECTURES));

    /** What the suggested comparisons hold still. */
    private static final Map<String, Object> TRAINING = Map.of("optimizer", "adam", "batch_size", 128);

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            new SuggestedQuestion("Which of the candidate CNN architectures gives the best MNIST validation accuracy"
                    + " in one epoch?", new StudyDesign.Compare(List.of(
                            new StudyDesign.Arm("A", Map.of("architecture", ARCHITECTURES.get(0))),
                            new StudyDesign.Arm("B", Map.of("architecture", ARCHITECTURES.get(1))),
                            new StudyDesign.Arm("C", Map.of("architecture", ARCHITECTURES.get(2))),
                            new StudyDesign.Arm("D", Map.of("architecture", ARCHITECTURES.get(3)))),
                            with(TRAINING, "learning_rate", 1e-3, "schedule", "constant", "epochs", 1), 2, 0)),
            // At the top of the learning-rate range, the same small network with and without batch norm.
            new SuggestedQuestion("Does batch normalisation let a small CNN use a higher learning rate?",
                    new StudyDesign.Compare(List.of(
                            new StudyDesign.Arm("batch norm", Map.of("architecture", ARCHITECTURES.get(2))),
                            new StudyDesign.Arm("no batch norm", Map.of("architecture", ARCHITECTURES.get(4)))),
                            with(TRAINING, "learning_rate", 3e-3, "schedule", "constant", "epochs", 1), 3, 0)),
            new SuggestedQuestion("Does a cosine schedule beat a constant learning rate for a two-epoch budget?",
                    new StudyDesign.Compare(List.of(
                            new StudyDesign.Arm("cosine", Map.of("schedule", "cosine")),
                            new StudyDesign.Arm("constant", Map.of("schedule", "constant"))),
                            with(TRAINING, "architecture", ARCHITECTURES.get(0), "learning_rate", 1e-3, "epochs", 2),
                            3, 0)));

    private static final List<String> QUESTIONS = SUGGESTED.stream().map(SuggestedQuestion::text).toList();

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(
            ID, DESCRIPTION, MODEL_BRIEF, SEARCH_SPACE, Objective.maximize("val_accuracy"), QUESTIONS);



    @Override
    public List<SuggestedQuestion> questions() {
        return SUGGESTED;
    }

    public MnistCnnPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public TrialResult run(TrialContext context) throws Exception {
        Map<String, Object> p = SEARCH_SPACE.validate(context.parameters());
        NetworkSpec spec = NetworkSpec.parse((String) p.get("architecture"), INPUT, Datasets.MNIST.classes());
        double learningRate = (Double) p.get("learning_rate");
        OptimizerSpec optimizer = OptimizerSpec.Type.parse((String) p.get("optimizer")) == OptimizerSpec.Type.ADAMW
                ? OptimizerSpec.adamW(learningRate, ADAMW_WEIGHT_DECAY)
                : OptimizerSpec.adam(learningRate);
        TrainingConfig config = TrialTraining.config(context)
                .optimizer(optimizer)
                .schedule(LearningRateSchedule.Kind.parse((String) p.get("schedule")) == LearningRateSchedule.Kind.COSINE
                        ? LearningRateSchedule.cosine() : LearningRateSchedule.constant())
                .batchSize((Integer) p.get("batch_size"))
                .epochs((Integer) p.get("epochs"))
                .build();
        ImageDataset mnist = mnist(context);
        return TrialTraining.train(context, spec, config, mnist);
    }
}
