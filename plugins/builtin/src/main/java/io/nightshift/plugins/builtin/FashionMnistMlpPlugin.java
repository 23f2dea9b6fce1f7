package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.plugin.SuggestedQuestion;
import java.util.List;

/**
 * The MLP family on Fashion-MNIST: the same search space and trial as {@link MnistMlpPlugin}, on
 * a dataset of the same shape that is much harder to classify.
 */
public final class FashionMnistMlpPlugin extends MlpFamily {

    public static final String ID = "fashion-mnist-mlp";

    private static final String DESCRIPTION =
            "A multi-layer perceptron classifying Fashion-MNIST images of clothing, shoes and bags; tunes width,"
                    + " depth, activation, optimiser, learning rate, batch size and epochs for validation accuracy.";

    // Measured with the core on the real Fashion-MNIST (one CPU thread, seed 1).
    private static final String FIGURES = """
            Typical figures (Fashion-MNIST is much harder than MNIST, where the same nets reach 0.97-0.98): \
            784-128-10 relu with adam 1e-3, batch 128, reaches about 0.85 validation accuracy after one epoch \
            and about 0.87-0.88 after five to ten; in one epoch adam at 3e-2 and sgd at 3e-2 reach about 0.84-0.85, \
            sgd at 1e-3 only about 0.75. Wider and deeper nets gain about a percent and overfit after many epochs; \
            an MLP rarely passes 0.89-0.90. Shirts, T-shirts, pullovers and coats are the classes it confuses. \
            An epoch of a small net takes seconds on a CPU, and cost grows roughly with parameter count times \
            epochs.""";

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            new SuggestedQuestion("What hidden width maximises Fashion-MNIST validation accuracy within a 30-second"
                    + " training budget?", BEST_WIDTH),
            new SuggestedQuestion("On Fashion-MNIST, does a deeper MLP (2-3 hidden layers) beat a single wider layer"
                    + " with the same parameter count?", DEEP_OR_WIDE),
            new SuggestedQuestion("Which optimiser and learning rate reach 88% Fashion-MNIST validation accuracy in the"
                    + " fewest epochs?", FASTEST_OPTIMISER),
            new SuggestedQuestion("On Fashion-MNIST, how does batch size trade off throughput (samples per second)"
                    + " against final validation accuracy?", BATCH_SIZE));

    public FashionMnistMlpPlugin() {
        super(Datasets.FASHION_MNIST, ID, DESCRIPTION, "Fashion-MNIST (28x28 grey-scale images of clothing, shoes"
                + " and bags, 10 classes: " + String.join(", ", Datasets.FASHION_MNIST.classNames()) + ")",
                FIGURES, SUGGESTED);
    }
}
