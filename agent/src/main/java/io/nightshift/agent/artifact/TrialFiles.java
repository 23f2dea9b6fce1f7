package io.nightshift.agent.artifact;

import io.nightshift.agent.app.OwnerOnly;
import io.nightshift.store.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where trials keep files, under the home: {@code artifacts/trial-N/} for what one trial produces, and
 * {@code checkpoints/proposal-N/} for what must survive a retry of the same experiment. The controller makes
 * both (owner-only) before a trial starts and registers the artifacts when it ends, up to a size cap per trial.
 */
public record TrialFiles(Path artifactsRoot, Path checkpointsRoot, long maxBytesPerTrial) {

    /** The trial's files as registered, and, when the cap was hit, what was removed to keep under it. */
    public record Registration(List<Artifact.New> artifacts, String overCap) {}

    public static TrialFiles under(Path home, int maxMbPerTrial) {
        return new TrialFiles(home.resolve("artifacts"), home.resolve("checkpoints"), maxMbPerTrial * 1024L * 1024L);
    }

    public Path artifactsOf(long trialId) {
        return OwnerOnly.directory(OwnerOnly.directory(artifactsRoot).resolve("trial-" + trialId));
    }

    public Path checkpointsOf(long proposalId) {
        return OwnerOnly.directory(OwnerOnly.directory(checkpointsRoot).resolve("proposal-" + proposalId));
    }

    /**
     * Every file under the trial's artifact directory, in name order, with its kind, size and SHA-256. Files past
     * the cap are deleted (the first ones in name order are kept) and named in {@link Registration#overCap()}.
     */
    public Registration register(long trialId) {
        Path dir = artifactsRoot.resolve("trial-" + trialId);
        if (!Files.isDirectory(dir)) {
            return new Registration(List.of(), null);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the artifacts of trial " + trialId + " in " + dir, e);
        }
        List<Artifact.New> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        long total = 0;
        for (Path file : files) {
            String name = dir.relativize(file).toString();
            try {
                long size = Files.size(file);
                if (total + size > maxBytesPerTrial) {
                    Files.deleteIfExists(file);
                    dropped.add(name + " (" + size + " bytes)");
                    continue;
                }
                total += size;
                kept.add(new Artifact.New(name, kind(name), size, sha256(file), file.toAbsolutePath().toString(), null));
            } catch (IOException e) {
                dropped.add(name + " (unreadable: " + e.getMessage() + ")");
            }
        }
        String overCap = dropped.isEmpty() ? null : "artifacts over the cap of " + maxBytesPerTrial / (1024 * 1024)
                + " MB per trial (artifacts.max-mb-per-trial) were deleted: " + String.join(", ", dropped);
        return new Registration(kept, overCap);
    }

    static String kind(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.matches(".*\\.(png|jpe?g|gif|svg|webp)$")) {
            return "image";
        }
        if (n.matches(".*\\.(params|pt|pth|ckpt|bin|onnx|safetensors)$")) {
            return "checkpoint";
        }
        if (n.matches(".*\\.(json|csv|tsv|npy|npz|parquet)$")) {
            return "data";
        }
        if (n.matches(".*\\.(txt|md|log|yaml|yml)$")) {
            return "text";
        }
        return "file";
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
