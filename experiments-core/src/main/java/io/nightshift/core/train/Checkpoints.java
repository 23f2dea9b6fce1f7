package io.nightshift.core.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A network's parameters at the end of an epoch, kept in a directory that outlives a trial's attempt, so that
 * the next attempt resumes from the last finished epoch instead of starting over. One file per checkpoint,
 * {@code epoch-N.params}, written whole or not at all (a temporary file moved into place); older ones are removed.
 * The optimiser's state (Adam's moments) is not kept: a resumed run restarts it, which costs a few steps of
 * warming up, not correctness.
 */
public final class Checkpoints {

    private static final Pattern FILE = Pattern.compile("epoch-(\\d+)\\.params");

    private Checkpoints() {
    }

    /** The last epoch saved in the directory; empty when there is none. */
    public static Optional<Integer> latestEpoch(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> FILE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).max(Integer::compare);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    static void save(Path dir, Block block, int epoch) {
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "epoch-" + epoch, ".tmp");
            try (OutputStream out = Files.newOutputStream(temp); DataOutputStream data = new DataOutputStream(out)) {
                block.saveParameters(data);
            }
            Files.move(temp, dir.resolve("epoch-" + epoch + ".params"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path old : files.toList()) {
                    Matcher m = FILE.matcher(old.getFileName().toString());
                    if (m.matches() && Integer.parseInt(m.group(1)) < epoch) {
                        Files.deleteIfExists(old);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint of epoch " + epoch + " in " + dir, e);
        }
    }

    /** Loads the latest checkpoint into the block; returns its epoch, 0 when there is none. */
    static int restore(Path dir, Block block, NDManager manager) {
        Optional<Integer> epoch = latestEpoch(dir);
        if (epoch.isEmpty()) {
            return 0;
        }
        Path file = dir.resolve("epoch-" + epoch.get() + ".params");
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            block.loadParameters(manager, data);
            // Loading replaces the parameters' arrays; the new ones must collect gradients like the old did.
            block.getParameters().values().stream().filter(ai.djl.nn.Parameter::requiresGradient)
                    .forEach(p -> p.getArray().setRequiresGradient(true));
            return epoch.get();
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("the checkpoint " + file + " cannot be loaded into this network ("
                    + e.getMessage() + "); remove it to start over", e);
        }
    }
}
