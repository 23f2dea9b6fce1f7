package io.nightshift.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a small MNIST-shaped dataset that is easy to learn: each digit class is a bright blob at
 * its own place on a 5 x 2 grid, jittered by a pixel or two, on a noisy background. A small MLP
 * separates the classes within one epoch, so tests can train for real in a second or two.
 *
 * <p>The files get the official MNIST names plus a {@code dataset.md5} manifest, so that
 * {@link MnistSource} accepts them instead of fetching the real dataset.
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
        if (trainCount < 1 || testCount < 1) {
            throw new IllegalArgumentException("need at least one training and one test image, got "
                    + trainCount + " and " + testCount);
        }
        Files.createDirectories(directory);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> md5 = new LinkedHashMap<>();
        writeSplit(directory, MnistSource.TRAIN_IMAGES, MnistSource.TRAIN_LABELS, trainCount, random, md5);
        writeSplit(directory, MnistSource.TEST_IMAGES, MnistSource.TEST_LABELS, testCount, random, md5);
        new ChecksumManifest(md5).writeTo(directory);
        return directory;
    }

    private static void writeSplit(Path directory, String imagesName, String labelsName, int count,
                                   SplittableRandom random, Map<String, String> md5) throws IOException {
        byte[] pixels = new byte[count * ROWS * COLS];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(Mnist.CLASSES);
            labels[i] = (byte) label;
            drawDigit(pixels, i * ROWS * COLS, label, random);
        }
        Path images = directory.resolve(imagesName);
        Path labelFile = directory.resolve(labelsName);
        IdxWriter.writeImages(images, count, ROWS, COLS, pixels);
        IdxWriter.writeLabels(labelFile, labels);
        md5.put(imagesName, ChecksumManifest.md5Hex(Files.readAllBytes(images)));
        md5.put(labelsName, ChecksumManifest.md5Hex(Files.readAllBytes(labelFile)));
    }

    private static void drawDigit(byte[] pixels, int offset, int label, SplittableRandom random) {
        double centreRow = 7 + 14 * (label / 5) + random.nextInt(-1, 2);
        double centreCol = 3 + 5.5 * (label % 5) + random.nextInt(-1, 2);
        double brightness = 180 + random.nextInt(76);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                double d2 = (r - centreRow) * (r - centreRow) + (c - centreCol) * (c - centreCol);
                double value = brightness * Math.exp(-d2 / 8.0) + random.nextInt(40);
                pixels[offset + r * COLS + c] = (byte) Math.min(255, (int) value);
            }
        }
    }
}
