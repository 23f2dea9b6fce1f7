package io.nightshift.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset in four IDX files of unsigned bytes: training images and labels, test images and
 * labels. Images are {@code (count, height, width)} for one channel or
 * {@code (count, channels, height, width)}; labels are {@code (count)}.
 */
public record IdxFormat(String trainImages, String trainLabels, String testImages, String testLabels)
        implements DatasetFormat {

    /** The names MNIST introduced, which Fashion-MNIST and KMNIST reuse. */
    public static final IdxFormat STANDARD_NAMES = new IdxFormat(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    public IdxFormat {
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
        if (new java.util.HashSet<>(List.of(trainImages, trainLabels, testImages, testLabels)).size() != 4) {
            throw new IllegalArgumentException("the four IDX files need four different names, got "
                    + List.of(trainImages, trainLabels, testImages, testLabels));
        }
    }

    @Override
    public List<String> fileNames() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    @Override
    public ImageDataset decode(DatasetSpec spec, Map<String, byte[]> contents, Path directory) throws IdxFormatException {
        return new ImageDataset(spec,
                images(spec, trainImages, contents.get(trainImages), trainLabels, contents.get(trainLabels), directory),
                images(spec, testImages, contents.get(testImages), testLabels, contents.get(testLabels), directory));
    }

    private static LabeledImages images(DatasetSpec spec, String imagesName, byte[] imagesBytes,
                                        String labelsName, byte[] labelsBytes, Path directory) throws IdxFormatException {
        String imagesSource = directory.resolve(imagesName).toString();
        String labelsSource = directory.resolve(labelsName).toString();
        IdxArray images = IdxReader.parse(Objects.requireNonNull(imagesBytes, imagesName), imagesSource);
        IdxArray labels = IdxReader.parse(Objects.requireNonNull(labelsBytes, labelsName), labelsSource);
        int[] dims = images.dimensions();
        if (dims.length != 3 && dims.length != 4) {
            throw new IdxFormatException(imagesSource, "expected 3 dimensions (count, rows, columns) or 4 (count,"
                    + " channels, rows, columns), found " + dims.length + " " + Arrays.toString(dims));
        }
        ImageShape expected = spec.shape();
        int[] found = Arrays.copyOfRange(dims, 1, dims.length);
        int[] wanted = expected.toInts();
        int[] compared = dims.length == 3 ? new int[] {1, found[0], found[1]} : found;
        if (!Arrays.equals(compared, wanted)) {
            throw new IdxFormatException(imagesSource, "holds images of " + Arrays.toString(found) + ", but "
                    + spec.title() + " images are " + expected + " (channels x rows x columns)");
        }
        if (labels.dimensions().length != 1) {
            throw new IdxFormatException(labelsSource, "expected 1 dimension (count), found "
                    + labels.dimensions().length);
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(labelsSource, labels.count() + " labels for " + images.count()
                    + " images in " + imagesName);
        }
        byte[] labelBytes = labels.data();
        for (int i = 0; i < labelBytes.length; i++) {
            int label = labelBytes[i] & 0xff;
            if (label >= spec.classes()) {
                throw new IdxFormatException(labelsSource, "label " + label + " (entry " + i + ") is outside "
                        + spec.title() + "'s " + spec.classes() + " classes (0-" + (spec.classes() - 1) + ")");
            }
        }
        return new LabeledImages(images.count(), expected, images.data(), labelBytes);
    }
}
