package io.nightshift.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps an embedded H2 file private to its owner. With {@code AUTO_SERVER=TRUE} H2 opens a TCP server
 * (with H2's "allow others" on) so that a second local process can share the file: that server must listen on
 * loopback only, the database must have a real password, and the files (the lock file holds the server's key)
 * must be readable by the owner alone.
 */
final class H2Security {

    private static final Logger LOG = LoggerFactory.getLogger(H2Security.class);
    static final String BIND_ADDRESS_PROPERTY = "h2.bindAddress";
    private static final String[] FILE_SUFFIXES = {".mv.db", ".lock.db", ".trace.db"};

    private H2Security() {
    }

    /**
     * Makes H2's servers bind to loopback. H2 reads the property once, when its settings class loads, so this
     * runs before the driver is first used; an address the operator set on the command line is kept.
     */
    static void bindServersToLoopback() {
        if (System.getProperty(BIND_ADDRESS_PROPERTY) == null) {
            System.setProperty(BIND_ADDRESS_PROPERTY, "127.0.0.1");
        }
    }

    /** Whether opening this URL starts a TCP server other processes can connect to. */
    static boolean opensServer(String jdbcUrl) {
        String upper = jdbcUrl.toUpperCase(Locale.ROOT);
        return upper.contains(";AUTO_SERVER=TRUE");
    }

    static void requirePassword(String jdbcUrl, String password) {
        if (opensServer(jdbcUrl) && (password == null || password.isEmpty())) {
            throw new StoreException("the H2 database " + JdbcUrls.redact(jdbcUrl) + " is shared over a local TCP"
                    + " server (AUTO_SERVER=TRUE), and an empty password would let any local process use it;"
                    + " give it a password (database.password in nightshift.yaml; nightshift generates one under"
                    + " its home when none is configured)");
        }
    }

    /** The file an H2 URL stores its data in, without extension; empty for in-memory and server URLs. */
    static Optional<Path> baseFile(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int settings = rest.indexOf(';');
        if (settings >= 0) {
            rest = rest.substring(0, settings);
        }
        if (rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:") || rest.startsWith("zip:")) {
            return Optional.empty();
        }
        // File system prefixes such as async:, nio:, split:, file: (H2 accepts several in a row).
        while (rest.matches("^[a-zA-Z]{2,}:.*") && !rest.matches("^[a-zA-Z]:[\\\\/].*")) {
            rest = rest.substring(rest.indexOf(':') + 1);
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return rest.isEmpty() ? Optional.empty() : Optional.of(Path.of(rest).toAbsolutePath());
    }

    /** Restricts the database's files to their owner; files H2 has not created yet are skipped. */
    static void restrictFiles(String jdbcUrl) {
        baseFile(jdbcUrl).ifPresent(base -> {
            for (String suffix : FILE_SUFFIXES) {
                Path file = base.resolveSibling(base.getFileName() + suffix);
                try {
                    if (Files.exists(file)) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    }
                } catch (UnsupportedOperationException | IOException e) {
                    LOG.warn("could not make {} readable by its owner only: {}", file, e.getMessage());
                }
            }
        });
    }

    /**
     * Databases made by nightshift before it set passwords have an administrator with an empty name and
     * password. When such a database refuses the configured user, this adds that user as an administrator and
     * gives the old account a random password nobody knows, so the open can be retried.
     *
     * @return true if the database was such a database and now accepts {@code user}
     */
    static boolean upgradeLegacyEmptyPassword(String jdbcUrl, String user, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        try (Connection legacy = DriverManager.getConnection(jdbcUrl, "", "")) {
            try (PreparedStatement create = legacy.prepareStatement(
                    "CREATE USER IF NOT EXISTS " + quote(user) + " PASSWORD ? ADMIN")) {
                create.setString(1, password);
                create.execute();
            }
            if (!user.isEmpty()) {
                try (PreparedStatement lock = legacy.prepareStatement("ALTER USER \"\" SET PASSWORD ?")) {
                    lock.setString(1, randomSecret());
                    lock.execute();
                }
            }
            LOG.warn("the H2 database {} had an empty password; it now has user '{}' with the configured password",
                    JdbcUrls.redact(jdbcUrl), user);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A password nobody will ever type: 32 random bytes. */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.toUpperCase(Locale.ROOT).replace("\"", "\"\"") + "\"";
    }
}
