package io.nightshift.core.data;

/**
 * Grey-scale images with one class label each. {@code pixels} holds {@code count * rows * cols}
 * unsigned bytes, image after image, row-major; {@code labels} holds {@code count} class indices.
 * Arrays are shared, not copied: treat them as read-only.
 */
public record LabeledImages(int count, int rows, int cols, byte[] pixels, byte[] labels) {

    public LabeledImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad shape: count=" + count + ", rows=" + rows + ", cols=" + cols);
        }
        if (pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException(count + " images of " + rows + "x" + cols + " need "
                    + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(count + " images but " + labels.length + " labels");
        }
    }

    public int imageSize() {
        return rows * cols;
    }

    /** The label of image {@code i} as an int (bytes are signed in Java; labels are not). */
    public int label(int i) {
        return labels[i] & 0xff;
    }
}
