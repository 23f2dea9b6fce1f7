package io.nightshift.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a small dataset in a spec's shape and IDX file names that is easy to learn: each class
 * is a bright blob at its own place on a grid (5 x 2 for ten classes), jittered by a pixel or
 * two, on a noisy background. A small MLP separates the classes within one epoch, so tests can
 * train for real in a second or two.
 *
 * <p>The files get the spec's names plus a {@code dataset.md5} manifest of their own checksums,
 * so that {@link DatasetSource} accepts them instead of fetching the real dataset, and never
 * takes them for the real one (or for another dataset) without that manifest.
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    /**
     * Writes the spec's four IDX files and the manifest into {@code directory} (created if
     * needed), replacing what is there.
     *
     * @return {@code directory}
     * @throws IllegalArgumentException when the spec's format is not {@link IdxFormat}
     */
    public static Path write(DatasetSpec spec, Path directory, int trainCount, int testCount, long seed)
            throws IOException {
        if (!(spec.format() instanceof IdxFormat idx)) {
            throw new IllegalArgumentException("synthetic data is written as IDX files; " + spec.title()
                    + " is stored as " + spec.format());
        }
        if (trainCount < 1 || testCount < 1) {
            throw new IllegalArgumentException("need at least one training and one test image, got "
                    + trainCount + " and " + testCount);
        }
        Files.createDirectories(directory);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> md5 = new LinkedHashMap<>();
        writeSplit(spec, directory, idx.trainImages(), idx.trainLabels(), trainCount, random, md5);
        writeSplit(spec, directory, idx.testImages(), idx.testLabels(), testCount, random, md5);
        new ChecksumManifest(md5).writeTo(directory);
        return directory;
    }

    private static void writeSplit(DatasetSpec spec, Path directory, String imagesName, String labelsName, int count,
                                   SplittableRandom random, Map<String, String> md5) throws IOException {
        ImageShape shape = spec.shape();
        byte[] pixels = new byte[count * shape.size()];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(spec.classes());
            labels[i] = (byte) label;
            draw(pixels, i * shape.size(), shape, label, spec.classes(), random);
        }
        Path images = directory.resolve(imagesName);
        Path labelFile = directory.resolve(labelsName);
        int[] dims = shape.channels() == 1
                ? new int[] {count, shape.height(), shape.width()}
                : new int[] {count, shape.channels(), shape.height(), shape.width()};
        IdxWriter.write(images, new IdxArray(dims, pixels));
        IdxWriter.writeLabels(labelFile, labels);
        md5.put(imagesName, ChecksumManifest.md5Hex(Files.readAllBytes(images)));
        md5.put(labelsName, ChecksumManifest.md5Hex(Files.readAllBytes(labelFile)));
    }

    private static void draw(byte[] pixels, int offset, ImageShape shape, int label, int classes,
                             SplittableRandom random) {
        int rows = shape.height();
        int cols = shape.width();
        int gridRows = classes <= 5 ? 1 : 2;
        int gridCols = (classes + gridRows - 1) / gridRows;
        double margin = cols * 3.0 / 28;
        double spacing = gridCols == 1 ? 0 : (cols - 2 * margin) / (gridCols - 1);
        double centreRow = (double) (rows / gridRows) * (label / gridCols + 0.5) + random.nextInt(-1, 2);
        double centreCol = (gridCols == 1 ? cols / 2.0 : margin + spacing * (label % gridCols)) + random.nextInt(-1, 2);
        double brightness = 180 + random.nextInt(76);
        int plane = rows * cols;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d2 = (r - centreRow) * (r - centreRow) + (c - centreCol) * (c - centreCol);
                double blob = brightness * Math.exp(-d2 / 8.0);
                for (int ch = 0; ch < shape.channels(); ch++) {
                    double value = blob + random.nextInt(40);
                    pixels[offset + ch * plane + r * cols + c] = (byte) Math.min(255, (int) value);
                }
            }
        }
    }
}
