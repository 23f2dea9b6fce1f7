package io.nightshift.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a dataset's files become its training and test sets. {@link IdxFormat} reads the IDX files
 * of MNIST, Fashion-MNIST, KMNIST and EMNIST; a dataset stored otherwise (CIFAR-10's binary
 * batches, say) brings its own implementation in its {@link DatasetSpec}, and the source, the
 * checksums, the fetchers and the trainer work with it unchanged.
 */
public interface DatasetFormat {

    /** Every file of the dataset, by the name it is stored and checksummed under (uncompressed). */
    List<String> fileNames();

    /**
     * The dataset from its files' verified, uncompressed contents.
     *
     * @param contents  each of {@link #fileNames()} to its content
     * @param directory where the files are, to name them in messages
     * @throws IOException (an {@link IdxFormatException} for IDX) naming the file and what is wrong
     *     with it, e.g. images of another shape than {@code spec} declares
     */
    ImageDataset decode(DatasetSpec spec, Map<String, byte[]> contents, Path directory) throws IOException;
}
