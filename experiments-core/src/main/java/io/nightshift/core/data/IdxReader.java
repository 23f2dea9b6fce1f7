package io.nightshift.core.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format MNIST and Fashion-MNIST ship in: two zero bytes, a type byte, the
 * number of dimensions, each dimension as a big-endian int, then the data. Gzipped files are
 * recognised by their magic number rather than their name, so a renamed file still reads.
 */
public final class IdxReader {

    /** The only element type the image datasets use. */
    static final int TYPE_UNSIGNED_BYTE = 0x08;

    // Dataset files have at most 4 dimensions; a larger count means the header is garbage.
    private static final int MAX_DIMENSIONS = 8;

    private IdxReader() {
    }

    public static IdxArray read(Path file) throws IOException {
        return parse(readBytes(file), file.toString());
    }

    /**
     * The file's bytes, decompressed when the file is gzipped. Exposed so that a caller can
     * checksum the content and parse it without reading the file twice.
     */
    public static byte[] readBytes(Path file) throws IOException {
        return decompressIfGzipped(Files.readAllBytes(file), file.toString());
    }

    /** {@code raw} itself, or its decompressed content when it starts with the gzip magic 0x1f8b. */
    public static byte[] decompressIfGzipped(byte[] raw, String source) throws IdxFormatException {
        if (!isGzip(raw)) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IdxFormatException(source, "is gzipped but the compressed data is damaged or cut short ("
                    + e.getMessage() + ")");
        }
    }

    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /**
     * Parses uncompressed IDX content.
     *
     * @param source names the content in error messages, usually the file path
     */
    public static IdxArray parse(byte[] bytes, String source) throws IdxFormatException {
        if (bytes.length < 4) {
            throw new IdxFormatException(source, "is too short for an IDX header: expected at least 4 bytes, found "
                    + bytes.length);
        }
        int magic = readInt(bytes, 0);
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new IdxFormatException(source, String.format(
                    "wrong magic number 0x%08x: an IDX file starts with two zero bytes, a type byte and a"
                            + " dimension count (e.g. 0x00000801 for labels, 0x00000803 for images)", magic));
        }
        int type = bytes[2] & 0xff;
        int dims = bytes[3] & 0xff;
        if (type != TYPE_UNSIGNED_BYTE) {
            throw new IdxFormatException(source, String.format(
                    "element type 0x%02x is not supported; only unsigned bytes (0x08) are", type));
        }
        if (dims < 1 || dims > MAX_DIMENSIONS) {
            throw new IdxFormatException(source, "implausible dimension count " + dims
                    + " (expected 1 to " + MAX_DIMENSIONS + ")");
        }
        int headerLength = 4 + 4 * dims;
        if (bytes.length < headerLength) {
            throw new IdxFormatException(source, "truncated header: expected " + headerLength
                    + " bytes for " + dims + " dimensions, found " + bytes.length);
        }
        int[] dimensions = new int[dims];
        for (int i = 0; i < dims; i++) {
            dimensions[i] = readInt(bytes, 4 + 4 * i);
            if (dimensions[i] < 0) {
                throw new IdxFormatException(source, "dimension " + i + " is negative (" + dimensions[i] + ")");
            }
        }
        long expected = IdxArray.elementCount(dimensions);
        long found = bytes.length - headerLength;
        if (found < expected) {
            throw new IdxFormatException(source, "truncated data: expected " + expected + " bytes for dimensions "
                    + java.util.Arrays.toString(dimensions) + ", found " + found);
        }
        if (found > expected) {
            throw new IdxFormatException(source, (found - expected) + " unexpected bytes after the "
                    + expected + " bytes of data for dimensions " + java.util.Arrays.toString(dimensions));
        }
        byte[] data = java.util.Arrays.copyOfRange(bytes, headerLength, bytes.length);
        return new IdxArray(dimensions, data);
    }

    private static int readInt(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24) | ((b[offset + 1] & 0xff) << 16)
                | ((b[offset + 2] & 0xff) << 8) | (b[offset + 3] & 0xff);
    }
}
