package io.nightshift.plugins.builtin;

import io.nightshift.core.data.DatasetSpec;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.NetworkSpec;
import io.nightshift.core.train.LearningRateSchedule;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.plugin.kit.TrialTraining;
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
 * A small convolutional network on a dataset's 1x28x28 images, its architecture chosen among
 * strings of the architecture grammar: the search space, the suggested designs and the trial, the
 * same on every dataset. {@link MnistCnnPlugin} and {@link FashionMnistCnnPlugin} give it a dataset
 * and the texts people and planners read. All the training is the core's.
 */
abstract class CnnFamily extends ImagePlugin {

    /** Kept small enough for an epoch in tens of seconds on one CPU thread; for 1x28x28 inputs and 10 classes. */
    static final List<String> ARCHITECTURES = List.of(
            "conv(8,3) relu pool(2) conv(16,3) relu pool(2) fc(64) relu fc(10)",
            "conv(16,5) relu pool(2) conv(32,5) relu pool(2) fc(10)",
            "conv(8,3) batchnorm relu pool(2) conv(16,3) batchnorm relu pool(2) dropout(0.25) fc(10)",
            "conv(32,3) relu pool(2) conv(64,3) relu pool(2) fc(128) relu fc(10)",
            // The third without batch normalisation: the pair isolates what batch norm does.
            "conv(8,3) relu pool(2) conv(16,3) relu pool(2) dropout(0.25) fc(10)");

    static final SearchSpace SEARCH_SPACE = SearchSpace.builder()
            .categorical("architecture", ARCHITECTURES.toArray(new String[0]))
            .categorical("optimizer", "adam", "adamw")
            .logFloatParam("learning_rate", 3e-4, 3e-3)
            .categorical("schedule", "constant", "cosine")
            .categorical("batch_size", 64, 128)
            .intParam("epochs", 1, 3)
            .build();

    /** AdamW's customary decoupled weight decay; Adam runs without any. */
    static final double ADAMW_WEIGHT_DECAY = 0.01;

    /** What the suggested comparisons hold still. */
    private static final Map<String, Object> TRAINING = Map.of("optimizer", "adam", "batch_size", 128);

    static final StudyDesign WHICH_ARCHITECTURE = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("A", Map.of("architecture", ARCHITECTURES.get(0))),
            new StudyDesign.Arm("B", Map.of("architecture", ARCHITECTURES.get(1))),
            new StudyDesign.Arm("C", Map.of("architecture", ARCHITECTURES.get(2))),
            new StudyDesign.Arm("D", Map.of("architecture", ARCHITECTURES.get(3)))),
            with(TRAINING, "learning_rate", 1e-3, "schedule", "constant", "epochs", 1), 2, 0);

    /** At the top of the learning-rate range, the same small network with and without batch norm. */
    static final StudyDesign BATCH_NORM = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("batch norm", Map.of("architecture", ARCHITECTURES.get(2))),
            new StudyDesign.Arm("no batch norm", Map.of("architecture", ARCHITECTURES.get(4)))),
            with(TRAINING, "learning_rate", 3e-3, "schedule", "constant", "epochs", 1), 3, 0);

    static final StudyDesign SCHEDULE = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("cosine", Map.of("schedule", "cosine")),
            new StudyDesign.Arm("constant", Map.of("schedule", "constant"))),
            with(TRAINING, "architecture", ARCHITECTURES.get(0), "learning_rate", 1e-3, "epochs", 2), 3, 0);

    /**
     * @param data    the dataset as the model brief names it, e.g. {@code MNIST (1x28x28 grey-scale digits, 10 classes)}
     * @param figures the brief's typical figures, measured on that dataset
     */
    CnnFamily(DatasetSpec dataset, String id, String description, String data, String figures,
              List<SuggestedQuestion> questions) {
        super(dataset, new PluginDescriptor(id, description, modelBrief(data, figures), SEARCH_SPACE,
                Objective.maximize("val_accuracy"), texts(questions)), questions);
    }

    private static String modelBrief(String data, String figures) {
        return """
                Each trial trains a convolutional network on %s from \
                scratch and reports accuracy on a fixed validation split: the last 5,000 of the 60,000 training \
                images. Test accuracy on the official 10,000 test images is reported for information only and must \
                never guide the search.
                architecture is one of these strings of the architecture grammar (conv(filters,kernel), pool(size) \
                is max pooling, fc(units) flattens its input first, batchnorm, dropout(rate)):
                %s
                Optimisers: adam, or adamw with decoupled weight decay 0.01. schedule constant keeps the learning \
                rate, cosine decays it to zero over the planned epochs. %s
                Metrics per epoch: train_loss, val_loss, val_accuracy, learning_rate, samples_per_second, \
                wall_seconds; final metrics add test_accuracy, parameter_count, epochs.""".formatted(
                data, String.join("\n", ARCHITECTURES), figures);
    }

    @Override
    final NetworkSpec model(Map<String, Object> p) {
        return NetworkSpec.parse((String) p.get("architecture"), dataset().shape().toArray(), dataset().classes());
    }

    @Override
    public final TrialResult run(TrialContext context) throws Exception {
        Map<String, Object> p = SEARCH_SPACE.validate(context.parameters());
        NetworkSpec spec = model(p);
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
        ImageDataset data = load(context);
        return TrialTraining.train(context, spec, config, data);
    }
}
