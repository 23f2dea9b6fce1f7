package io.nightshift.plugins.builtin;

import io.nightshift.core.data.Datasets;
import io.nightshift.plugin.SuggestedQuestion;
import java.util.List;

/**
 * An autoencoder of MNIST digits, 784-hidden-bottleneck-hidden-784: how much of a digit survives
 * a narrow code. All the training is the core's; this class is the texts and the dataset.
 */
public final class MnistAutoencoderPlugin extends AutoencoderFamily {

    public static final String ID = "mnist-autoencoder";

    private static final String DESCRIPTION =
            "An autoencoder of MNIST digits with a mirrored decoder; tunes the bottleneck and hidden widths,"
                    + " learning rate, batch size and epochs for validation reconstruction error.";

    private static final String FIGURES = """
            Rough figures: predicting the mean image gives about 0.067; a bottleneck of 32 reaches roughly \
            0.01-0.02 after a few epochs, and error rises steeply as the bottleneck shrinks to a few units. \
            Cost grows with hidden_width times epochs; an epoch of a small model takes seconds on a CPU.""";

    private static final List<SuggestedQuestion> SUGGESTED = List.of(
            new SuggestedQuestion("How small can an autoencoder's bottleneck be before reconstruction collapses?",
                    BOTTLENECK),
            new SuggestedQuestion("Does a wider hidden layer let a narrow bottleneck reconstruct better, or is the"
                    + " bottleneck the limit?", HIDDEN_WIDTH),
            new SuggestedQuestion("How many epochs does a 32-unit bottleneck need before validation reconstruction"
                    + " error stops improving?", EPOCHS));

    public MnistAutoencoderPlugin() {
        super(Datasets.MNIST, ID, DESCRIPTION, "MNIST images", FIGURES, SUGGESTED);
    }
}
