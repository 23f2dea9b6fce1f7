package io.nightshift.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a trial produced: a file in its artifact directory (path set, with size and checksum), or a text
 * output kept in the store itself (a note: path null, text set).
 *
 * @param kind image, checkpoint, data, text, note or file
 */
public record Artifact(long id, long trialId, String name, String kind, long sizeBytes, String sha256, String path,
                       String text, Instant createdAt) {

    public Artifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** An artifact not stored yet. */
    public record New(String name, String kind, long sizeBytes, String sha256, String path, String text) {
        public New {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
