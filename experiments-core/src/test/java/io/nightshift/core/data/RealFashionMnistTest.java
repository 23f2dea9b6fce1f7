package io.nightshift.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Fashion-MNIST, from Debian's package {@code dataset-fashion-mnist} the way a run gets it:
 * copied out of {@code /usr/share/datasets/fashion-mnist} into a data directory, uncompressed and
 * verified against the built-in checksums. Skipped, saying so, where the package is not installed
 * ({@code sudo apt-get install dataset-fashion-mnist}); training on it is in
 * {@code io.nightshift.core.train.RealFashionMnistTrainingTest}.
 */
class RealFashionMnistTest {

    @TempDir
    Path dir;

    static void assumeDebianPackage() {
        Path file = Datasets.DEBIAN_FASHION_MNIST.resolve("train-images-idx3-ubyte.gz");
        assumeTrue(Files.isRegularFile(file), "Debian's package " + Datasets.FASHION_MNIST_DEBIAN_PACKAGE
                + " is not installed (no " + file + "); install it with `sudo apt-get install "
                + Datasets.FASHION_MNIST_DEBIAN_PACKAGE + "` to run the real Fashion-MNIST tests");
    }

    @BeforeEach
    void needsThePackage() {
        assumeDebianPackage();
    }

    @Test
    void theInstalledPackageIsCopiedVerifiedAndDecoded() throws Exception {
        // Only the package: a test must never download.
        DatasetSpec packageOnly = Datasets.FASHION_MNIST.withFetchers(List.of(Datasets.FASHION_MNIST.fetchers().get(0)));

        ImageDataset fashion = DatasetSource.of(packageOnly, dir).load();

        assertThat(fashion.train().count()).isEqualTo(60_000);
        assertThat(fashion.test().count()).isEqualTo(10_000);
        assertThat(fashion.shape()).isEqualTo(ImageShape.grey(28, 28));
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images of each class.
        assertThat(histogram(fashion.train(), 10)).containsOnly(6_000);
        assertThat(histogram(fashion.test(), 10)).containsOnly(1_000);
        for (String name : Datasets.FASHION_MNIST.fileNames()) {
            assertThat(ChecksumManifest.md5Hex(Files.readAllBytes(dir.resolve(name))))
                    .isEqualTo(Datasets.FASHION_MNIST.md5().get(name));
        }
        // Read straight from the package's directory too (its .gz files, checked uncompressed).
        ImageDataset inPlace = DatasetSource.of(packageOnly.withFetchers(List.of()), Datasets.DEBIAN_FASHION_MNIST).load();
        assertThat(inPlace.train().labels()).isEqualTo(fashion.train().labels());
    }

    private static int[] histogram(LabeledImages set, int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < set.count(); i++) {
            counts[set.label(i)]++;
        }
        return counts;
    }
}
