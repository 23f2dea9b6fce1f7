package io.nightshift.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Copies dataset files from a directory on this machine, typically where a system package
 * installed them (Debian's {@code dataset-fashion-mnist} puts Fashion-MNIST in
 * {@code /usr/share/datasets/fashion-mnist}). Each file may be there plain or gzipped
 * ({@code <name>} or {@code <name>.gz}); it is delivered uncompressed, and the caller checks the
 * uncompressed content, so a package that recompressed the files (as Debian did) is accepted.
 */
public final class LocalDirectoryFetcher implements DatasetFetcher {

    private final Path directory;
    private final String origin;
    private final String installHint;

    /**
     * @param directory   where the files are
     * @param origin      what put them there, for messages, e.g. {@code Debian's package dataset-fashion-mnist}
     * @param installHint how to get them there, e.g. {@code sudo apt-get install dataset-fashion-mnist}, or null
     */
    public LocalDirectoryFetcher(Path directory, String origin, String installHint) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.installHint = installHint;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String describe() {
        return "copy from " + origin + " (" + directory + ")";
    }

    @Override
    public boolean isAvailable() {
        return Files.isDirectory(directory);
    }

    @Override
    public String unavailableReason() {
        return "not installed: " + directory + " does not exist";
    }

    @Override
    public Optional<String> byHand(List<String> fileNames, Path target) {
        return Optional.of(installHint == null
                ? "put " + origin + "'s files into " + directory + ", where they are found on the next run"
                : "install " + origin + " (`" + installHint + "`), which puts the files into " + directory
                        + ", where they are found on the next run");
    }

    @Override
    public void fetch(List<String> fileNames, Path targetDirectory) throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String name : fileNames) {
            Path plain = directory.resolve(name);
            Path gzipped = directory.resolve(name + ".gz");
            Path from = Files.isRegularFile(plain) ? plain : Files.isRegularFile(gzipped) ? gzipped : null;
            if (from == null) {
                missing.add(name);
                continue;
            }
            Path to = targetDirectory.resolve(name);
            try {
                copyUncompressed(from, to);
            } catch (IOException e) {
                Files.deleteIfExists(to);
                failures.add(e.getMessage());
            }
        }
        if (!missing.isEmpty()) {
            failures.add("no " + String.join(", ", missing) + " in " + directory + " (plain or .gz)");
        }
        if (!failures.isEmpty()) {
            throw new IOException(String.join("; ", failures));
        }
    }

    /** Copies {@code from}, gunzipping it when it starts with the gzip magic number. */
    static void copyUncompressed(Path from, Path to) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(from), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new IOException(from + " is gzipped but damaged or cut short (" + e.getMessage() + ")", e);
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
