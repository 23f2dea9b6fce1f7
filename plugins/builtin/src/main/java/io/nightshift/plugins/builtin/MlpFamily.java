package io.nightshift.plugins.builtin;

import io.nightshift.core.arch.Activation;
import io.nightshift.core.data.DatasetSpec;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.MlpSpec;
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
 * A multi-layer perceptron classifying a dataset's images: the search space, the suggested designs
 * and the trial, the same on every dataset. {@link MnistMlpPlugin} and {@link FashionMnistMlpPlugin}
 * give it a dataset and the texts people and planners read.
 */
abstract class MlpFamily extends ImagePlugin {

    /** SGD's momentum is fixed rather than searched: it interacts with the learning rate and adds little. */
    static final double SGD_MOMENTUM = 0.9;

    static final SearchSpace SEARCH_SPACE = SearchSpace.builder()
            .logIntParam("hidden_width", 32, 512)
            .intParam("hidden_layers", 1, 3)
            .categorical("activation", "relu", "tanh", "gelu")
            .categorical("optimizer", "adam", "sgd")
            // Measured on MNIST, one epoch: Adam still reaches ~0.94 validation accuracy at 3e-2, SGD with
            // momentum 0.82-0.89 at 1e-3, but only 0.59-0.74 at 3e-4, so the range starts at 1e-3.
            .logFloatParam("learning_rate", 1e-3, 3e-2)
            .categorical("batch_size", 64, 128, 256)
            .intParam("epochs", 1, 10)
            .build();

    /** What the suggested comparisons and sweeps hold still. */
    private static final Map<String, Object> TRAINING = Map.of("activation", "relu", "optimizer", "adam",
            "learning_rate", 3e-3, "batch_size", 128);

    /** An optimisation (widths interact with everything else), its best configuration run again. */
    static final StudyDesign BEST_WIDTH = new StudyDesign.Optimise(Map.of("hidden_layers", 1), 2, 1);

    /** One layer of 256 and three of 170 have about the same number of weights (~204,000). */
    static final StudyDesign DEEP_OR_WIDE = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("1 x 256", Map.of("hidden_layers", 1, "hidden_width", 256)),
            new StudyDesign.Arm("3 x 170", Map.of("hidden_layers", 3, "hidden_width", 170))),
            with(TRAINING, "epochs", 3), 3, 0);

    static final StudyDesign FASTEST_OPTIMISER =
            new StudyDesign.Optimise(Map.of("hidden_layers", 1, "hidden_width", 128), 3, 3);

    static final StudyDesign BATCH_SIZE = new StudyDesign.Sweep("batch_size", List.of(64, 128, 256),
            Map.of("activation", "relu", "optimizer", "adam", "learning_rate", 3e-3,
                    "hidden_layers", 1, "hidden_width", 128, "epochs", 2), 2, 0);

    /**
     * @param data    the dataset as the model brief names it, e.g. {@code MNIST (28x28 grey-scale digits, 10 classes)}
     * @param figures the brief's paragraph of typical figures, measured on that dataset
     */
    MlpFamily(DatasetSpec dataset, String id, String description, String data, String figures,
              List<SuggestedQuestion> questions) {
        super(dataset, new PluginDescriptor(id, description, modelBrief(dataset, data, figures), SEARCH_SPACE,
                Objective.maximize("val_accuracy"), texts(questions)), questions);
    }

    private static String modelBrief(DatasetSpec dataset, String data, String figures) {
        int inputs = dataset.shape().size();
        return """
                Each trial trains a fully connected network on %s from \
                scratch and reports accuracy on a fixed validation split: the last 5,000 of the 60,000 training \
                images (the model trains on the other 55,000). Test accuracy on the official 10,000 test images is \
                reported for information only and must never guide the search.
                Architecture: %d inputs -> hidden_layers layers of hidden_width units, each followed by the \
                activation -> %d logits, trained with softmax cross-entropy. Pixels are scaled to [0, 1]; there is \
                no augmentation, dropout, weight decay or learning-rate schedule.
                Optimisers: adam (betas 0.9/0.999) or sgd with momentum 0.9, at a fixed learning_rate. learning_rate is \
                searched in [1e-3, 3e-2] (log scale): Adam usually does best near the low end (1e-3 to 3e-3) and \
                becomes unstable for deep wide nets near 3e-2; SGD with momentum does best near 1e-2 to 3e-2 and \
                learns slowly at 1e-3. Larger batches take fewer steps per \
                epoch and may want a higher learning rate.
                %s
                A trial stops at its time budget and reports the model as it was then; metrics per epoch: \
                train_loss, val_loss, val_accuracy, learning_rate, samples_per_second, wall_seconds. Final metrics also \
                include test_accuracy, parameter_count, epochs (completed) and wall_seconds.""".formatted(
                data, inputs, dataset.classes(), figures);
    }

    @Override
    final MlpSpec model(Map<String, Object> p) {
        return MlpSpec.builder()
                .dataset(dataset())
                .hiddenLayers((Integer) p.get("hidden_layers"), (Integer) p.get("hidden_width"))
                .activation(Activation.parse((String) p.get("activation")))
                .build();
    }

    @Override
    public final TrialResult run(TrialContext context) throws Exception {
        // Validating here too means a hand-built context gets the same clear errors as the planner.
        Map<String, Object> p = SEARCH_SPACE.validate(context.parameters());
        MlpSpec spec = model(p);
        double learningRate = (Double) p.get("learning_rate");
        OptimizerSpec optimizer = switch (OptimizerSpec.Type.parse((String) p.get("optimizer"))) {
            case ADAM -> OptimizerSpec.adam(learningRate);
            case ADAMW -> OptimizerSpec.adamW(learningRate, 0);
            case SGD -> OptimizerSpec.sgd(learningRate, SGD_MOMENTUM);
        };
        TrainingConfig config = TrialTraining.config(context)
                .optimizer(optimizer)
                .batchSize((Integer) p.get("batch_size"))
                .epochs((Integer) p.get("epochs"))
                .build();
        ImageDataset data = load(context);
        return TrialTraining.train(context, spec, config, data);
    }
}
