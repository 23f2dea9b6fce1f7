package io.nightshift.core.data;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything nightshift needs to know about a labelled-image dataset before reading a byte of it:
 * what it is called, the shape of its images, its classes, its files with their checksums, and
 * where those files come from. {@link DatasetSource} loads any spec the same way (verify, fetch
 * what is missing, decode), and the trainer takes its shape and class count from the loaded
 * {@link ImageDataset}, so a new dataset is a new spec, not a change to the core.
 * {@link Datasets} holds the built-in ones.
 *
 * @param name       short stable name, lower-case letters, digits and dashes: the sub-directory of
 *                   the data root it is stored in, e.g. {@code fashion-mnist}
 * @param title      its name for people, used in every message about it, e.g. {@code Fashion-MNIST}
 * @param shape      the shape of each image
 * @param classNames one name per class, in label order; labels run from 0 to {@code classNames.size() - 1}
 * @param format     its files and how they are decoded
 * @param md5        the MD5 of each file's uncompressed content, for every name of the format (a
 *                   {@code dataset.md5} manifest next to the files overrides these)
 * @param fetchers   where missing or damaged files come from, tried in order; may be empty
 */
public record DatasetSpec(
        String name,
        String title,
        ImageShape shape,
        List<String> classNames,
        DatasetFormat format,
        Map<String, String> md5,
        List<DatasetFetcher> fetchers) {

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("dataset name '" + name + "' must be lower-case letters, digits and"
                    + " dashes (it names the dataset's directory)");
        }
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("dataset " + name + " needs a title");
        }
        Objects.requireNonNull(shape, "shape");
        classNames = List.copyOf(classNames);
        // Labels are stored as unsigned bytes.
        if (classNames.size() < 2 || classNames.size() > 256) {
            throw new IllegalArgumentException(title + " must have 2 to 256 classes, got " + classNames.size());
        }
        Objects.requireNonNull(format, "format");
        md5 = Map.copyOf(md5);
        if (!md5.keySet().equals(new HashSet<>(format.fileNames()))) {
            throw new IllegalArgumentException(title + " needs a checksum for each of its files " + format.fileNames()
                    + ", got them for " + new TreeMap<>(md5).keySet());
        }
        for (Map.Entry<String, String> e : md5.entrySet()) {
            if (!e.getValue().matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException(title + ": the MD5 of " + e.getKey() + " must be 32 lower-case hex"
                        + " digits, got '" + e.getValue() + "'");
            }
        }
        fetchers = List.copyOf(fetchers);
    }

    /** The number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** The format's file names, in its order. */
    public List<String> fileNames() {
        return format.fileNames();
    }

    /** The same dataset fetched by {@code fetchers} instead (an empty list never fetches). */
    public DatasetSpec withFetchers(List<DatasetFetcher> fetchers) {
        return new DatasetSpec(name, title, shape, classNames, format, md5, fetchers);
    }

    /** The name of class {@code label}, e.g. {@code Ankle boot}. */
    public String className(int label) {
        return classNames.get(label);
    }

    /** E.g. {@code Fashion-MNIST (fashion-mnist, 10 classes of 1x28x28)}. */
    @Override
    public String toString() {
        return title + " (" + name + ", " + classes() + " classes of " + shape + ")";
    }
}
