package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.arch.Activation;
import io.nightshift.core.model.MlpSpec;
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
 * A multi-layer perceptron on MNIST: the smallest real experiment family, quick enough on a CPU
 * for many trials a night.
 */
public final class MnistMlpPlugin extends MnistPlugin {

    public static final String ID = "mnist-mlp";

    /** SGD's momentum is fixed rather than searched: it interacts with the learning rate and adds little. */
    static final double SGD_MOMENTUM = 0.9;

    private static final SearchSpace SEARCH_SPACE = SearchSpace.builder()
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

    private static final String DESCRIPTION =
            "A multi-layer perceptron classifying MNIST handwritten digits; tunes width, depth, activation,"
                    + " optimiser, learning rate, batch size and epochs for validation accuracy.";

    private static final String MODEL_BRIEF = """
            Each trial trains a fully connected network on MNIST (28x28 grey-scale digits, 10 classes) from \
            scratch and reports accuracy on a fixed validation split: the last 5,000 of the 60,000 training \
            images (the model trains on the other 55,000). Test accuracy on the official 10,000 test images is \
            reported for information only and must never guide the search.
            Architecture: 784 inputs -> hidden_layers layers of hidden_width units, each followed by the \
            activation -> 10 logits, trained with softmax cross-entropy. Pixels are scaled to [0, 1]; there is \
            no augmentation, dropout, weight decay or learning-rate schedule.
            Optimisers: adam (betas 0.9/0.999) or sgd with momentum 0.9, at a fixed learning_rate. learning_rate is \
            searched in [1e-3, 3e-2] (log scale): Adam usually does best near the low end (1e-3 to 3e-3) and \
            becomes unstable for deep wide nets near 3e-2; SGD with momentum does best near 1e-2 to 3e-2 and \
            learns slowly at 1e-3. Larger batches take fewer steps per \
            epoch and may want a higher learning rate.
            Typical figures: 784-128-10 relu with adam 1e-3, batch 128, reaches about 0.97 validation accuracy \
            after one epoch and about 0.98 after several; wider and deeper nets gain a few tenths of a percent \
            and overfit after many epochs. An epoch of a small net takes seconds on a CPU, and cost grows \
            roughly with parameter count times epochs.
            A trial stops at its time budget and reports the model as it was then; metrics per epoch: \
            train_loss, val_loss, val_accuracy, learning_rate, samples_per_second, wall_seconds. Final metrics also \
            include test_accuracy, parameter_count, epochs (completed) and wall_seconds.""";

    /** What the suggested comparisons and sweeps hold still. */
    private static final Map<String, Object> TRAINING = Map.of("activation", "relu", "optimizer", "adam",
            "learning_rate", 3e-3, "batch_size", 128);

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            // An optimisation (widths interact with everything else), its best configuration run again.
            new SuggestedQuestion("What hidden width maximises MNIST validation accuracy within a 30-second training"
                    + " budget?", new StudyDesign.Optimise(Map.of("hidden_layers", 1), 2, 1)),
            // One layer of 256 and three of 170 have about the same number of weights (~204,000).
            new SuggestedQuestion("Does a deeper MLP (2-3 hidden layers) beat a single wider layer with the same"
                    + " parameter count?", new StudyDesign.Compare(List.of(
                            new StudyDesign.Arm("1 x 256", Map.of("hidden_layers", 1, "hidden_width", 256)),
                            new StudyDesign.Arm("3 x 170", Map.of("hidden_layers", 3, "hidden_width", 170))),
                            with(TRAINING, "epochs", 3), 3, 0)),
            new SuggestedQuestion("Which optimiser and learning rate reach 98% validation accuracy in the fewest"
                    + " epochs?", new StudyDesign.Optimise(Map.of("hidden_layers", 1, "hidden_width", 128), 3, 3)),
            new SuggestedQuestion("How does batch size trade off throughput (samples per second) against final"
                    + " validation accuracy?", new StudyDesign.Sweep("batch_size", List.of(64, 128, 256),
                            Map.of("activation", "relu", "optimizer", "adam", "learning_rate", 3e-3,
                                    "hidden_layers", 1, "hidden_width", 128, "epochs", 2), 2, 0)));

    private static final List<String> QUESTIONS = SUGGESTED.stream().map(SuggestedQuestion::text).toList();

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(
            ID, DESCRIPTION, MODEL_BRIEF, SEARCH_SPACE, Objective.maximize("val_accuracy"), QUESTIONS);

    @Override
    public List<SuggestedQuestion> questions() {
        return SUGGESTED;
    }



    public MnistMlpPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public TrialResult run(TrialContext context) throws Exception {
        // Validating here too means a hand-built context gets the same clear errors as the planner.
        Map<String, Object> p = SEARCH_SPACE.validate(context.parameters());
        MlpSpec spec = MlpSpec.builder()
                .hiddenLayers((Integer) p.get("hidden_layers"), (Integer) p.get("hidden_width"))
                .activation(Activation.parse((String) p.get("activation")))
                .build();
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
        ImageDataset mnist = mnist(context);
        return TrialTraining.train(context, spec, config, mnist);
    }
}
