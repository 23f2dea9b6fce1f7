package io.nightshift.core.arch;

import java.util.Locale;

/**
 * One layer of an {@link Architecture}, as written in the grammar. Each layer prints back as the
 * text that parses to it, so an architecture round-trips through its string form.
 */
public sealed interface Layer {

    /** The canonical grammar text, e.g. {@code conv(32,3)}. */
    String text();

    /** 2-D convolution; {@code padding} zeros on each side, so {@code conv(32,3,1,1)} keeps the image size. */
    record Conv(int filters, int kernel, int stride, int padding) implements Layer {
        public Conv {
            positive("conv filters", filters);
            positive("conv kernel", kernel);
            positive("conv stride", stride);
            if (padding < 0) {
                throw new IllegalArgumentException("conv padding must not be negative, got " + padding);
            }
        }

        @Override
        public String text() {
            if (stride == 1 && padding == 0) {
                return "conv(" + filters + "," + kernel + ")";
            }
            return "conv(" + filters + "," + kernel + "," + stride + "," + padding + ")";
        }
    }

    /** Max or average pooling over {@code size x size} windows; the stride defaults to the window size. */
    record Pool(PoolKind kind, int size, int stride) implements Layer {
        public Pool {
            positive("pool size", size);
            positive("pool stride", stride);
        }

        @Override
        public String text() {
            String name = kind == PoolKind.MAX ? "pool" : "avgpool";
            return stride == size ? name + "(" + size + ")" : name + "(" + size + "," + stride + ")";
        }
    }

    enum PoolKind { MAX, AVG }

    /** Fully connected; flattens its input first when that is an image. */
    record Fc(int units) implements Layer {
        public Fc {
            positive("fc units", units);
        }

        @Override
        public String text() {
            return "fc(" + units + ")";
        }
    }

    /** An element-wise non-linearity. */
    record Act(Activation activation) implements Layer {
        @Override
        public String text() {
            return activation.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Zeroes each input with probability {@code rate} while training. */
    record Dropout(double rate) implements Layer {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }

        @Override
        public String text() {
            return "dropout(" + rate + ")";
        }
    }

    /** Batch normalisation over the channel (or feature) axis. */
    record BatchNorm() implements Layer {
        @Override
        public String text() {
            return "batchnorm";
        }
    }

    /** Turns an image into a vector. */
    record Flatten() implements Layer {
        @Override
        public String text() {
            return "flatten";
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
