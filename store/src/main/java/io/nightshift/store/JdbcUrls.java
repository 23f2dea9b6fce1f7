package io.nightshift.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** JDBC URL helpers: building the default H2 URL, and keeping passwords out of messages. */
final class JdbcUrls {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final String H2_FILE_EXTENSION = ".mv.db";

    private JdbcUrls() {
    }

    static String h2File(Path fileWithoutExtension) {
        String path = fileWithoutExtension.toAbsolutePath().normalize().toString();
        // A user pointing at the file H2 actually writes means the same database, not "nightshift.mv.db.mv.db".
        if (path.endsWith(H2_FILE_EXTENSION)) {
            path = path.substring(0, path.length() - H2_FILE_EXTENSION.length());
        }
        if (path.contains(";")) {
            throw new IllegalArgumentException("H2 database path must not contain ';' (it separates URL settings): " + path);
        }
        // AUTO_SERVER lets a second process (nightshift status) read while nightshift run holds the file.
        // async: H2's default file channel closes when a thread writing to it is interrupted, which
        // closes the whole database; Quartz interrupts its own threads when it shuts down.
        return "jdbc:h2:async:" + path + ";AUTO_SERVER=TRUE";
    }

    static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
    }
}
