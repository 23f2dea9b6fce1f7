package io.nightshift.agent.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random tag for a nightshift home, made once and kept in {@code <home>/node-id}. Controller names carry it
 * ({@code host:pid@tag}), so that a controller restarted from the same home knows the RUNNING trials its killed
 * predecessor left and re-runs them at once instead of waiting for their heartbeats to go stale. Not the host
 * name: machines of a cluster (containers above all) can share one, and then a trial of a live controller on
 * another machine would be taken for a dead one's.
 */
public final class HomeTag {

    private HomeTag() {}

    /** The home's tag, made now if it has none. */
    public static String of(Path home) {
        Path file = home.resolve("node-id");
        try {
            if (Files.exists(file)) {
                String tag = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (tag.matches("[0-9a-f]{8,64}")) {
                    return tag;
                }
            }
            byte[] bytes = new byte[6];
            new SecureRandom().nextBytes(bytes);
            String tag = HexFormat.of().formatHex(bytes);
            OwnerOnly.file(file);
            Files.writeString(file, tag + "\n", StandardCharsets.US_ASCII);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The tag in a controller name {@code host:pid@tag}, or null when it has none. */
    public static String inName(String controllerName) {
        if (controllerName == null) {
            return null;
        }
        int at = controllerName.lastIndexOf('@');
        return at < 0 ? null : controllerName.substring(at + 1);
    }
}
