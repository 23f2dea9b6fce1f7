package io.nightshift.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        Path file = dir.resolve("images-idx3-ubyte");
        IdxWriter.writeImages(file, 3, 4, 5, pixels(60));

        IdxArray array = IdxReader.read(file);

        assertThat(array.dimensions()).containsExactly(3, 4, 5);
        assertThat(array.data()).isEqualTo(pixels(60));
        assertThat(array.count()).isEqualTo(3);
        assertThat(Files.size(file)).isEqualTo(4 + 3 * 4 + 60);
    }

    @Test
    void readsGzippedFilesByTheirMagicNotTheirName() throws IOException {
        Path gz = dir.resolve("labels-idx1-ubyte.gz");
        IdxWriter.writeLabels(gz, new byte[] {1, 2, 9});
        Path renamed = Files.move(gz, dir.resolve("labels-without-suffix"));

        IdxArray array = IdxReader.read(renamed);

        assertThat(Files.readAllBytes(renamed)[0]).isEqualTo((byte) 0x1f);
        assertThat(array.dimensions()).containsExactly(3);
        assertThat(array.data()).containsExactly(1, 2, 9);
    }

    @Test
    void truncatedDataSaysHowMuchWasExpected() throws IOException {
        Path file = dir.resolve("short");
        IdxWriter.writeImages(file, 2, 3, 3, pixels(18));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));

        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated data: expected 18 bytes")
                .hasMessageContaining("found 13");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = dir.resolve("header");
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("truncated header: expected 16 bytes");
    }

    @Test
    void wrongMagicNamesTheExpectedHeader() throws IOException {
        Path file = dir.resolve("not-idx.txt");
        Files.writeString(file, "hello, world");
        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("wrong magic number 0x68656c6c")
                .hasMessageContaining("0x00000803");
    }

    @Test
    void otherElementTypesAreRejectedClearly() throws IOException {
        Path file = dir.resolve("floats");
        Files.write(file, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("element type 0x0d is not supported");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        Path file = dir.resolve("long");
        IdxWriter.writeLabels(file, new byte[] {1, 2});
        Files.write(file, new byte[] {3}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> IdxReader.read(file)).hasMessageContaining("1 unexpected bytes");
    }

    @Test
    void damagedGzipIsReported() throws IOException {
        Path gz = dir.resolve("x.gz");
        IdxWriter.writeImages(gz, 10, 28, 28, pixels(7840));
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> IdxReader.read(gz))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("gzipped but the compressed data is damaged");
    }

    @Test
    void emptyFileIsTooShort() throws IOException {
        Path file = Files.createFile(dir.resolve("empty"));
        assertThatThrownBy(() -> IdxReader.read(file)).hasMessageContaining("too short for an IDX header");
    }
}
