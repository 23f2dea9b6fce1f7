package io.nightshift.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** JDBC URL helpers: building the default H2 URL, and keeping passwords out of messages. */
final class JdbcUrls {

    /** {@code ?password=x&...} (PostgreSQL), {@code ;PASSWORD=x;...} (H2), and sslpassword= alike. */
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    /** {@code //user:secret@host}: the part between the first ':' and the '@' of the authority. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#;@:]*:)[^/?#;]*@");
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

    /** The URL with every password it carries replaced by {@code ***}, for messages, logs and screens. */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String masked = PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1***@");
    }
}
