package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.plugin.SuggestedQuestion;
import java.util.List;

/**
 * A small convolutional network on MNIST, its architecture chosen among strings of the
 * architecture grammar. All the training is the core's; this class is the texts and the dataset.
 */
public final class MnistCnnPlugin extends CnnFamily {

    public static final String ID = "mnist-cnn";

    /** One MNIST image: one channel of 28x28. */
    static final long[] INPUT = Datasets.MNIST.shape().toArray();

    private static final String DESCRIPTION =
            "A small convolutional network classifying MNIST digits; chooses the architecture among a few"
                    + " grammar strings and tunes optimiser, learning rate, schedule, batch size and epochs.";

    private static final String FIGURES = """
            Typical figures: the first architecture \
            reaches about 0.98 validation accuracy after one epoch with adam 1e-3; larger ones gain a few tenths \
            and cost several times more time per epoch on a CPU.""";

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            new SuggestedQuestion("Which of the candidate CNN architectures gives the best MNIST validation accuracy"
                    + " in one epoch?", WHICH_ARCHITECTURE),
            new SuggestedQuestion("Does batch normalisation let a small CNN use a higher learning rate?", BATCH_NORM),
            new SuggestedQuestion("Does a cosine schedule beat a constant learning rate for a two-epoch budget?",
                    SCHEDULE));

    public MnistCnnPlugin() {
        super(Datasets.MNIST, ID, DESCRIPTION, "MNIST (1x28x28 grey-scale digits, 10 classes)", FIGURES, SUGGESTED);
    }
}
