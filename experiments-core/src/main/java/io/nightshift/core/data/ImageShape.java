package io.nightshift.core.data;

/**
 * The shape of one image: {@code channels} planes of {@code height x width} pixels, stored plane
 * after plane, each row-major (CHW), one unsigned byte per value. Grey-scale datasets (MNIST,
 * Fashion-MNIST, KMNIST, EMNIST) have one channel; CIFAR-10 would have three.
 */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("an image needs at least one channel, row and column, got "
                    + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an image of " + channels + "x" + height + "x" + width + " is too large");
        }
    }

    /** One channel of {@code height x width}. */
    public static ImageShape grey(int height, int width) {
        return new ImageShape(1, height, width);
    }

    /** Values per image: {@code channels * height * width}, e.g. 784 for MNIST. */
    public int size() {
        return channels * height * width;
    }

    /** {@code {channels, height, width}}, the input shape a convolutional network takes. */
    public long[] toArray() {
        return new long[] {channels, height, width};
    }

    /** {@code {channels, height, width}}. */
    public int[] toInts() {
        return new int[] {channels, height, width};
    }

    /** E.g. {@code 1x28x28}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
