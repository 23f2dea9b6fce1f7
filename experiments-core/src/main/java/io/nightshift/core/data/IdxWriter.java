package io.nightshift.core.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files of unsigned bytes; a name ending in {@code .gz} is gzipped. Used to build
 * small synthetic datasets for tests and demos.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    public static void write(Path file, IdxArray array) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream maybeZipped = file.getFileName().toString().endsWith(".gz")
                     ? new GZIPOutputStream(raw, 1 << 16) : raw;
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(maybeZipped, 1 << 16))) {
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(IdxReader.TYPE_UNSIGNED_BYTE);
            out.writeByte(array.dimensions().length);
            for (int d : array.dimensions()) {
                out.writeInt(d);
            }
            out.write(array.data());
        }
    }

    /** An {@code idx3} image file: {@code count} images of {@code rows x cols} pixels, row-major. */
    public static void writeImages(Path file, int count, int rows, int cols, byte[] pixels) throws IOException {
        write(file, new IdxArray(new int[] {count, rows, cols}, pixels));
    }

    /** An {@code idx1} label file. */
    public static void writeLabels(Path file, byte[] labels) throws IOException {
        write(file, new IdxArray(new int[] {labels.length}, labels));
    }
}
