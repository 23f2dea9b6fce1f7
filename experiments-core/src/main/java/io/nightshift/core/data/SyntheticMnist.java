package io.nightshift.core.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link SyntheticImages} in MNIST's shape and file names: what most tests train on. The files
 * get MNIST's names plus a {@code dataset.md5} manifest, so that {@link DatasetSource} accepts
 * them for {@link Datasets#MNIST} instead of fetching the real dataset.
 */
public final class SyntheticMnist {

    public static final int ROWS = 28;
    public static final int COLS = 28;

    private SyntheticMnist() {
    }

    /**
     * Writes the four IDX files and the manifest into {@code directory} (created if needed),
     * replacing what is there.
     *
     * @return {@code directory}
     */
    public static Path write(Path directory, int trainCount, int testCount, long seed) throws IOException {
        return SyntheticImages.write(Datasets.MNIST, directory, trainCount, testCount, seed);
    }
}
