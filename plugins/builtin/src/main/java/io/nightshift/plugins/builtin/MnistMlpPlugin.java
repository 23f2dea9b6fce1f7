package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.plugin.SuggestedQuestion;
import java.util.List;

/**
 * A multi-layer perceptron on MNIST: the smallest real experiment family, quick enough on a CPU
 * for many trials a night.
 */
public final class MnistMlpPlugin extends MlpFamily {

    public static final String ID = "mnist-mlp";

    private static final String DESCRIPTION =
            "A multi-layer perceptron classifying MNIST handwritten digits; tunes width, depth, activation,"
                    + " optimiser, learning rate, batch size and epochs for validation accuracy.";

    private static final String FIGURES = """
            Typical figures: 784-128-10 relu with adam 1e-3, batch 128, reaches about 0.97 validation accuracy \
            after one epoch and about 0.98 after several; wider and deeper nets gain a few tenths of a percent \
            and overfit after many epochs. An epoch of a small net takes seconds on a CPU, and cost grows \
            roughly with parameter count times epochs.""";

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            new SuggestedQuestion("What hidden width maximises MNIST validation accuracy within a 30-second training"
                    + " budget?", BEST_WIDTH),
            new SuggestedQuestion("Does a deeper MLP (2-3 hidden layers) beat a single wider layer with the same"
                    + " parameter count?", DEEP_OR_WIDE),
            new SuggestedQuestion("Which optimiser and learning rate reach 98% validation accuracy in the fewest"
                    + " epochs?", FASTEST_OPTIMISER),
            new SuggestedQuestion("How does batch size trade off throughput (samples per second) against final"
                    + " validation accuracy?", BATCH_SIZE));

    public MnistMlpPlugin() {
        super(Datasets.MNIST, ID, DESCRIPTION, "MNIST (28x28 grey-scale digits, 10 classes)", FIGURES, SUGGESTED);
    }
}
