package io.nightshift.core.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads a dataset described by a {@link DatasetSpec} from a directory, verifying every file's MD5
 * and fetching what is missing or damaged with the spec's own fetchers (never another dataset's).
 * Each file may be stored as is or gzipped ({@code .gz}); a file whose checksum does not match is
 * fetched again, never used.
 *
 * <p>Checksums are the spec's, of the uncompressed files, unless the directory holds a
 * {@code dataset.md5} manifest ({@code md5sum} output): its entries win, which is how custom or
 * synthetic data (see {@link SyntheticImages}) is accepted. A manifest entry for a {@code .gz}
 * name is compared with the compressed file, as {@code md5sum -c} would; every other check is on
 * the uncompressed content.
 */
public final class DatasetSource {

    private final DatasetSpec spec;
    private final Path directory;
    private final List<DatasetFetcher> fetchers;

    private DatasetSource(DatasetSpec spec, Path directory, List<DatasetFetcher> fetchers) {
        this.spec = spec;
        this.directory = directory;
        this.fetchers = List.copyOf(fetchers);
    }

    /** {@code spec} in {@code directory}, fetched with the spec's fetchers. */
    public static DatasetSource of(DatasetSpec spec, Path directory) {
        return new DatasetSource(spec, directory, spec.fetchers());
    }

    /** {@code spec} in {@code directory}, fetched with {@code fetchers} in order; an empty list never fetches. */
    public static DatasetSource of(DatasetSpec spec, Path directory, List<DatasetFetcher> fetchers) {
        return new DatasetSource(spec, directory, fetchers);
    }

    /** {@code spec} in its own sub-directory of the data root, {@code <dataRoot>/<spec name>}. */
    public static DatasetSource inDataRoot(DatasetSpec spec, Path dataRoot) {
        return of(spec, dataRoot.resolve(spec.name()));
    }

    public DatasetSpec spec() {
        return spec;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Verifies (fetching where needed) and decodes every file.
     *
     * @throws DatasetUnavailableException when some file is missing or damaged and no fetcher
     *     could supply a good copy; the message names the dataset, what was looked for and where,
     *     what each fetcher said, and how to put the files there by hand
     * @throws IdxFormatException when a file has the expected checksum but is not what the spec
     *     says (possible only with a manifest that vouches for a bad file)
     */
    public ImageDataset load() throws IOException {
        Files.createDirectories(directory);
        ChecksumManifest manifest = ChecksumManifest.readFrom(directory);

        Map<String, byte[]> contents = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String name : spec.fileNames()) {
            Optional<byte[]> good = findVerified(name, manifest, problems);
            good.ifPresent(bytes -> contents.put(name, bytes));
        }
        if (!problems.isEmpty()) {
            List<String> fetchReport = fetchMissing(manifest, contents, problems);
            if (!problems.isEmpty()) {
                throw new DatasetUnavailableException(unavailableMessage(manifest, problems, fetchReport));
            }
        }
        return spec.format().decode(spec, contents, directory);
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

    private Optional<String> checksumMismatch(
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
            expected = listed.orElse(spec.md5().get(name));
            actual = ChecksumManifest.md5Hex(content);
            source = listed.isPresent() ? ChecksumManifest.FILE_NAME : "the official " + spec.title() + " checksum";
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
                report.add(fetcher.describe() + ": " + fetcher.unavailableReason() + " (skipped)");
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
                    String verification = "delivered files that failed verification: " + String.join("; ", rejected);
                    outcome = outcome.equals("ok") ? verification : outcome + "; " + verification;
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
        StringBuilder m = new StringBuilder(spec.title()).append(" is not available in ").append(directory).append(":\n");
        problems.forEach((name, problem) -> m.append("  ").append(name).append(": ").append(problem).append('\n'));
        m.append("Fetching:\n");
        fetchReport.forEach(line -> m.append("  ").append(line).append('\n'));
        List<String> missing = List.copyOf(problems.keySet());
        // The fetchers tried here, then the dataset's own (its real origins, when this source was given others).
        Set<String> ways = new LinkedHashSet<>();
        for (DatasetFetcher fetcher : Stream.concat(fetchers.stream(), spec.fetchers().stream()).toList()) {
            fetcher.byHand(missing, directory).ifPresent(ways::add);
        }
        ways.add("put the files " + String.join(", ", spec.fileNames()) + " (plain or .gz) into " + directory
                + " yourself");
        m.append("To provide ").append(spec.title()).append(" by hand, either:\n");
        ways.forEach(way -> m.append("  - ").append(way).append('\n'));
        if (!manifest.md5ByFileName().isEmpty()) {
            m.append("Note: ").append(directory.resolve(ChecksumManifest.FILE_NAME))
                    .append(" overrides the official checksums; remove it when using the real ")
                    .append(spec.title()).append('.');
        } else {
            m.append("For custom or synthetic data, add a ").append(ChecksumManifest.FILE_NAME)
                    .append(" manifest (md5sum output) to that directory.");
        }
        return m.toString();
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
        return "DatasetSource[" + spec.name() + " in " + directory + ", fetchers="
                + fetchers.stream().map(DatasetFetcher::describe).toList() + "]";
    }
}
