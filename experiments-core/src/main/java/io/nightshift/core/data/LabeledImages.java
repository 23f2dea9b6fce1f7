package io.nightshift.core.data;

import java.util.Objects;

/**
 * Images with one class label each. {@code pixels} holds {@code count * shape.size()} unsigned
 * bytes, image after image, each in the {@link ImageShape}'s CHW order; {@code labels} holds
 * {@code count} class indices. Arrays are shared, not copied: treat them as read-only.
 */
public record LabeledImages(int count, ImageShape shape, byte[] pixels, byte[] labels) {

    public LabeledImages {
        Objects.requireNonNull(shape, "shape");
        if (count < 0) {
            throw new IllegalArgumentException("negative image count " + count);
        }
        if (pixels.length != (long) count * shape.size()) {
            throw new IllegalArgumentException(count + " images of " + shape + " need "
                    + (long) count * shape.size() + " pixels, got " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(count + " images but " + labels.length + " labels");
        }
    }

    /** Grey-scale images of {@code rows x cols}. */
    public LabeledImages(int count, int rows, int cols, byte[] pixels, byte[] labels) {
        this(count, ImageShape.grey(rows, cols), pixels, labels);
    }

    public int channels() {
        return shape.channels();
    }

    public int rows() {
        return shape.height();
    }

    public int cols() {
        return shape.width();
    }

    /** Values per image (all channels). */
    public int imageSize() {
        return shape.size();
    }

    /** The label of image {@code i} as an int (bytes are signed in Java; labels are not). */
    public int label(int i) {
        return labels[i] & 0xff;
    }
}
