package io.nightshift.core.data;

import java.util.Objects;

/**
 * A loaded labelled-image dataset: its {@link DatasetSpec} (name, shape, classes) and its training
 * and test sets. What the trainer takes; it reads the class count and image shape from here.
 */
public record ImageDataset(DatasetSpec spec, LabeledImages train, LabeledImages test) {

    public ImageDataset {
        Objects.requireNonNull(spec, "spec");
        check(spec, train, "training");
        check(spec, test, "test");
    }

    private static void check(DatasetSpec spec, LabeledImages set, String which) {
        Objects.requireNonNull(set, which);
        if (!set.shape().equals(spec.shape())) {
            throw new IllegalArgumentException(spec.title() + "'s " + which + " images are " + set.shape()
                    + ", but its spec says " + spec.shape());
        }
        for (int i = 0; i < set.count(); i++) {
            if (set.label(i) >= spec.classes()) {
                throw new IllegalArgumentException(spec.title() + "'s " + which + " image " + i + " has label "
                        + set.label(i) + ", outside its " + spec.classes() + " classes (0-" + (spec.classes() - 1) + ")");
            }
        }
    }

    /** The spec's name, e.g. {@code fashion-mnist}. */
    public String name() {
        return spec.name();
    }

    /** The spec's title, e.g. {@code Fashion-MNIST}. */
    public String title() {
        return spec.title();
    }

    public ImageShape shape() {
        return spec.shape();
    }

    /** The number of classes. */
    public int classes() {
        return spec.classes();
    }
}
