package io.nightshift.core.data;

/** The MNIST training set (60,000 images in the original) and test set (10,000). */
public record Mnist(LabeledImages train, LabeledImages test) {

    /** The number of classes, digits 0 to 9. */
    public static final int CLASSES = 10;
}
