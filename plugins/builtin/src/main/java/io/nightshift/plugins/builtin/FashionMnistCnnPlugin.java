package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.plugin.SuggestedQuestion;
import java.util.List;

/**
 * The CNN family on Fashion-MNIST: the same architectures, search space and trial as
 * {@link MnistCnnPlugin}, on a dataset of the same shape that is much harder to classify.
 */
public final class FashionMnistCnnPlugin extends CnnFamily {

    public static final String ID = "fashion-mnist-cnn";

    private static final String DESCRIPTION =
            "A small convolutional network classifying Fashion-MNIST images of clothing, shoes and bags; chooses"
                    + " the architecture among a few grammar strings and tunes optimiser, learning rate, schedule,"
                    + " batch size and epochs.";

    // The first architecture measured with the core on the real Fashion-MNIST (seed 1); the rest is expectation.
    private static final String FIGURES = """
            Typical figures (Fashion-MNIST is much harder than MNIST, where the first architecture reaches 0.98 \
            in one epoch): the first architecture reaches about 0.83 validation accuracy after one epoch with \
            adam 1e-3 and about 0.85 after two; larger ones, batch normalisation and more epochs are expected to \
            gain one to a few percent, at several times the time per epoch on a CPU.""";

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            new SuggestedQuestion("Which of the candidate CNN architectures gives the best Fashion-MNIST validation"
                    + " accuracy in one epoch?", WHICH_ARCHITECTURE),
            new SuggestedQuestion("On Fashion-MNIST, does batch normalisation let a small CNN use a higher learning"
                    + " rate?", BATCH_NORM),
            new SuggestedQuestion("On Fashion-MNIST, does a cosine schedule beat a constant learning rate for a"
                    + " two-epoch budget?", SCHEDULE));

    public FashionMnistCnnPlugin() {
        super(Datasets.FASHION_MNIST, ID, DESCRIPTION, "Fashion-MNIST (1x28x28 grey-scale images of clothing,"
                + " shoes and bags, 10 classes: " + String.join(", ", Datasets.FASHION_MNIST.classNames()) + ")",
                FIGURES, SUGGESTED);
    }
}
