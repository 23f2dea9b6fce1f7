package io.nightshift.core.data;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: its dimensions (outermost first) and the bytes in
 * row-major order. Arrays are not copied: these hold tens of megabytes and are only read.
 */
public record IdxArray(int[] dimensions, byte[] data) {

    public IdxArray {
        long expected = elementCount(dimensions);
        if (expected != data.length) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dimensions) + " need "
                    + expected + " bytes, got " + data.length);
        }
    }

    /** The size of the first dimension: the number of images or labels. */
    public int count() {
        return dimensions[0];
    }

    static long elementCount(int[] dimensions) {
        long n = 1;
        for (int d : dimensions) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other
                && Arrays.equals(dimensions, other.dimensions)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dimensions) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dimensions);
    }
}
