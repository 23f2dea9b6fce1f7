package io.nightshift.core.train;

import io.nightshift.core.data.LabeledImages;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which images a run trains and validates on, and with which labels. Validation is the last
 * {@code validationFraction} of the training set, the same for every seed, so trials with different
 * seeds are compared on the same images. The training subset and the noisy labels are drawn from
 * the seed, so one seed always gives the same data.
 *
 * @param trainIndices indices into the source set, ascending
 * @param trainLabels  the labels to train on, one per entry of {@code trainIndices}, noise applied
 * @param noisyLabels  how many of {@code trainLabels} differ from the true label
 * @param valFrom      first index of the validation range (it runs to the end of the set)
 */
record TrainingSplit(int[] trainIndices, byte[] trainLabels, int noisyLabels, int valFrom) {

    // Keeps the data draws apart from the shuffling stream, which uses the seed itself.
    private static final long DATA_STREAM = 0x5DEECE66DL;

    static TrainingSplit of(LabeledImages all, int classes, TrainingConfig config) {
        int valCount = Math.max(1, (int) Math.round(all.count() * config.validationFraction()));
        int available = all.count() - valCount;
        if (available < 1) {
            throw new IllegalArgumentException("the training set of " + all.count() + " images is too small to hold out "
                    + valCount + " for validation");
        }
        SplittableRandom random = new SplittableRandom(config.seed() ^ DATA_STREAM);
        int[] indices;
        if (config.trainingSubset().isPresent()) {
            int subset = config.trainingSubset().getAsInt();
            if (subset > available) {
                throw new IllegalArgumentException("a training subset of " + subset + " examples was asked for, but only "
                        + available + " remain after holding out " + valCount + " for validation; ask for at most "
                        + available);
            }
            int[] all0 = permutation(available, random);
            indices = Arrays.copyOf(all0, subset);
            Arrays.sort(indices);
        } else {
            indices = new int[available];
            Arrays.setAll(indices, i -> i);
        }
        byte[] labels = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = (byte) all.label(indices[i]);
        }
        int noisy = (int) Math.round(config.labelNoise() * indices.length);
        int[] victims = permutation(indices.length, random);
        for (int i = 0; i < noisy; i++) {
            int at = victims[i];
            // A uniformly chosen *other* class, so exactly `noisy` labels end up wrong.
            labels[at] = (byte) (((labels[at] & 0xff) + 1 + random.nextInt(classes - 1)) % classes);
        }
        return new TrainingSplit(indices, labels, noisy, available);
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
