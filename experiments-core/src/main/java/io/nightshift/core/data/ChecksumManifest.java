package io.nightshift.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code dataset.md5} file in the format {@code md5sum} writes and reads: one
 * {@code <md5>  <file name>} per line. Placed next to a dataset it overrides the built-in
 * checksums, which is how custom or synthetic data is accepted.
 */
public record ChecksumManifest(Map<String, String> md5ByFileName) {

    public static final String FILE_NAME = "dataset.md5";

    // md5sum writes two spaces, or a space and '*' in binary mode.
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{32}) [ *](.+)");

    public ChecksumManifest {
        md5ByFileName = Map.copyOf(md5ByFileName);
    }

    /** The manifest in {@code directory}, or an empty one when there is none. */
    public static ChecksumManifest readFrom(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new ChecksumManifest(Map.of());
        }
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IOException(file + " line " + (i + 1) + ": expected '<32 hex digits>  <file name>'"
                        + " as md5sum writes it, got '" + line + "'");
            }
            entries.put(m.group(2).strip(), m.group(1).toLowerCase(Locale.ROOT));
        }
        return new ChecksumManifest(entries);
    }

    public void writeTo(Path directory) throws IOException {
        StringBuilder text = new StringBuilder();
        md5ByFileName.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
        Files.writeString(directory.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
    }

    public java.util.Optional<String> md5(String fileName) {
        return java.util.Optional.ofNullable(md5ByFileName.get(fileName));
    }

    public static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
    }
}
