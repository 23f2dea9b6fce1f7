package io.nightshift.plugins.builtin;

import io.nightshift.core.arch.Activation;
import io.nightshift.core.data.Datasets;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.AutoencoderSpec;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.train.TrainingObjective;
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
 * An autoencoder of MNIST digits, 784-hidden-bottleneck-hidden-784: how much of a digit survives
 * a narrow code. All the training is the core's (reconstruction objective); this class is the
 * search space and glue.
 */
public final class MnistAutoencoderPlugin extends MnistPlugin {

    public static final String ID = "mnist-autoencoder";

    static final String OBJECTIVE_METRIC = "val_reconstruction_error";

    private static final SearchSpace SEARCH_SPACE = SearchSpace.builder()
            .logIntParam("bottleneck_width", 2, 64)
            .logIntParam("hidden_width", 64, 512)
            .logFloatParam("learning_rate", 3e-4, 1e-2)
            .categorical("batch_size", 64, 128, 256)
            .intParam("epochs", 1, 10)
            .build();

    private static final String DESCRIPTION =
            "An autoencoder of MNIST digits with a mirrored decoder; tunes the bottleneck and hidden widths,"
                    + " learning rate, batch size and epochs for validation reconstruction error.";

    private static final String MODEL_BRIEF = """
            Each trial trains an autoencoder on MNIST images (784 pixels scaled to [0, 1]; labels unused) from \
            scratch: 784 -> hidden_width (relu) -> bottleneck_width (linear code) -> hidden_width (relu) -> 784 \
            (sigmoid), trained with Adam at learning_rate to minimise the mean squared error per pixel between \
            output and input. The objective is val_reconstruction_error, that error on a fixed validation split \
            (the last 5,000 of the 60,000 training images); lower is better. test_reconstruction_error on the \
            10,000 test images is for information only and must never guide the search.
            Rough figures: predicting the mean image gives about 0.067; a bottleneck of 32 reaches roughly \
            0.01-0.02 after a few epochs, and error rises steeply as the bottleneck shrinks to a few units. \
            Cost grows with hidden_width times epochs; an epoch of a small model takes seconds on a CPU.
            Metrics per epoch: train_loss, val_loss (= val_reconstruction_error), val_reconstruction_error, \
            learning_rate, samples_per_second, wall_seconds; final metrics add test_reconstruction_error, \
            parameter_count, epochs.""";

    /** What every suggested study holds still, so that only its factor moves. */
    private static final Map<String, Object> TRAINING = Map.of("learning_rate", 1e-3, "batch_size", 128);

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            new SuggestedQuestion("How small can an autoencoder's bottleneck be before reconstruction collapses?",
                    new StudyDesign.Sweep("bottleneck_width", List.of(2, 4, 8, 16, 32, 64),
                            with(TRAINING, "hidden_width", 256, "epochs", 1), 3, 0)),
            new SuggestedQuestion("Does a wider hidden layer let a narrow bottleneck reconstruct better, or is the"
                    + " bottleneck the limit?",
                    new StudyDesign.Compare(List.of(
                            new StudyDesign.Arm("hidden 64", Map.of("hidden_width", 64)),
                            new StudyDesign.Arm("hidden 512", Map.of("hidden_width", 512))),
                            with(TRAINING, "bottleneck_width", 4, "epochs", 1), 3, 0)),
            new SuggestedQuestion("How many epochs does a 32-unit bottleneck need before validation reconstruction"
                    + " error stops improving?",
                    new StudyDesign.Sweep("epochs", List.of(1, 2, 4, 8),
                            with(TRAINING, "bottleneck_width", 32, "hidden_width", 256), 2, 0)));

    private static final List<String> QUESTIONS = SUGGESTED.stream().map(SuggestedQuestion::text).toList();

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(
            ID, DESCRIPTION, MODEL_BRIEF, SEARCH_SPACE, Objective.minimize(OBJECTIVE_METRIC), QUESTIONS);

    @Override
    public List<SuggestedQuestion> questions() {
        return SUGGESTED;
    }



    public MnistAutoencoderPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public TrialResult run(TrialContext context) throws Exception {
        Map<String, Object> p = SEARCH_SPACE.validate(context.parameters());
        AutoencoderSpec spec = new AutoencoderSpec(28 * 28, List.of((Integer) p.get("hidden_width")),
                (Integer) p.get("bottleneck_width"), Activation.RELU);
        TrainingConfig config = TrialTraining.config(context)
                .optimizer(OptimizerSpec.adam((Double) p.get("learning_rate")))
                .batchSize((Integer) p.get("batch_size"))
                .epochs((Integer) p.get("epochs"))
                .build();
        ImageDataset mnist = mnist(context);
        return TrialTraining.train(context, spec, config, mnist, TrainingObjective.reconstruction());
    }
}
