package io.nightshift.plugins.builtin;

import io.nightshift.core.arch.Activation;
import io.nightshift.core.data.DatasetSpec;
import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.AutoencoderSpec;
import io.nightshift.core.train.OptimizerSpec;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.train.TrainingObjective;
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
 * An autoencoder of a dataset's images, pixels-hidden-bottleneck-hidden-pixels: how much of an
 * image survives a narrow code. The search space, the suggested designs and the trial are the
 * same on every dataset; {@link MnistAutoencoderPlugin} and {@link FashionMnistAutoencoderPlugin}
 * give it a dataset and the texts people and planners read. All the training is the core's
 * (reconstruction objective).
 */
abstract class AutoencoderFamily extends ImagePlugin {

    static final String OBJECTIVE_METRIC = "val_reconstruction_error";

    static final SearchSpace SEARCH_SPACE = SearchSpace.builder()
            .logIntParam("bottleneck_width", 2, 64)
            .logIntParam("hidden_width", 64, 512)
            .logFloatParam("learning_rate", 3e-4, 1e-2)
            .categorical("batch_size", 64, 128, 256)
            .intParam("epochs", 1, 10)
            .build();

    /** What every suggested study holds still, so that only its factor moves. */
    private static final Map<String, Object> TRAINING = Map.of("learning_rate", 1e-3, "batch_size", 128);

    static final StudyDesign BOTTLENECK = new StudyDesign.Sweep("bottleneck_width", List.of(2, 4, 8, 16, 32, 64),
            with(TRAINING, "hidden_width", 256, "epochs", 1), 3, 0);

    static final StudyDesign HIDDEN_WIDTH = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("hidden 64", Map.of("hidden_width", 64)),
            new StudyDesign.Arm("hidden 512", Map.of("hidden_width", 512))),
            with(TRAINING, "bottleneck_width", 4, "epochs", 1), 3, 0);

    static final StudyDesign EPOCHS = new StudyDesign.Sweep("epochs", List.of(1, 2, 4, 8),
            with(TRAINING, "bottleneck_width", 32, "hidden_width", 256), 2, 0);

    /**
     * @param data    the images as the model brief names them, e.g. {@code MNIST images}
     * @param figures the brief's rough figures, measured on that dataset
     */
    AutoencoderFamily(DatasetSpec dataset, String id, String description, String data, String figures,
                      List<SuggestedQuestion> questions) {
        super(dataset, new PluginDescriptor(id, description, modelBrief(dataset, data, figures), SEARCH_SPACE,
                Objective.minimize(OBJECTIVE_METRIC), texts(questions)), questions);
    }

    private static String modelBrief(DatasetSpec dataset, String data, String figures) {
        int pixels = dataset.shape().size();
        return """
                Each trial trains an autoencoder on %s (%d pixels scaled to [0, 1]; labels unused) from \
                scratch: %d -> hidden_width (relu) -> bottleneck_width (linear code) -> hidden_width (relu) -> %d \
                (sigmoid), trained with Adam at learning_rate to minimise the mean squared error per pixel between \
                output and input. The objective is val_reconstruction_error, that error on a fixed validation split \
                (the last 5,000 of the 60,000 training images); lower is better. test_reconstruction_error on the \
                10,000 test images is for information only and must never guide the search.
                %s
                Metrics per epoch: train_loss, val_loss (= val_reconstruction_error), val_reconstruction_error, \
                learning_rate, samples_per_second, wall_seconds; final metrics add test_reconstruction_error, \
                parameter_count, epochs.""".formatted(data, pixels, pixels, pixels, figures);
    }

    @Override
    final AutoencoderSpec model(Map<String, Object> p) {
        return new AutoencoderSpec(dataset().shape().size(), List.of((Integer) p.get("hidden_width")),
                (Integer) p.get("bottleneck_width"), Activation.RELU);
    }

    @Override
    public final TrialResult run(TrialContext context) throws Exception {
        Map<String, Object> p = SEARCH_SPACE.validate(context.parameters());
        AutoencoderSpec spec = model(p);
        TrainingConfig config = TrialTraining.config(context)
                .optimizer(OptimizerSpec.adam((Double) p.get("learning_rate")))
                .batchSize((Integer) p.get("batch_size"))
                .epochs((Integer) p.get("epochs"))
                .build();
        ImageDataset data = load(context);
        return TrialTraining.train(context, spec, config, data, TrainingObjective.reconstruction());
    }
}
