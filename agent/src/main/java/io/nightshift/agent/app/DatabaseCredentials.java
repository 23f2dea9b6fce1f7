package io.nightshift.agent.app;

import io.nightshift.agent.config.NightshiftConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The user and password for the database. Configured ones win. An H2 file needs a password even on one
 * machine (its sharing server would otherwise admit any local process), so when none is configured one is
 * generated on first use and kept in {@code <home>/database.credentials}, readable by the owner only. It is
 * never printed.
 */
public record DatabaseCredentials(String user, String password) {

    public static final String FILE_NAME = "database.credentials";
    static final String GENERATED_USER = "nightshift";

    @Override
    public String toString() {
        return "DatabaseCredentials[user=" + user + ", password=***]";
    }

    /** The credentials for the configured database, generating the H2 password when needed. */
    public static DatabaseCredentials of(NightshiftConfig config) {
        NightshiftConfig.Database db = config.database();
        boolean configured = !db.user().isEmpty() || !db.password().isEmpty();
        if (configured || !db.url().startsWith("jdbc:h2:")) {
            return new DatabaseCredentials(db.user(), db.password());
        }
        return forHome(config.home());
    }

    /** The generated H2 credentials kept under {@code home}, created there if missing. */
    public static synchronized DatabaseCredentials forHome(Path home) {
        Path file = OwnerOnly.directory(home).resolve(FILE_NAME);
        Properties props = new Properties();
        try {
            if (Files.exists(file)) {
                OwnerOnly.file(file);
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
                String user = props.getProperty("user");
                String password = props.getProperty("password");
                if (user != null && password != null && !password.isEmpty()) {
                    return new DatabaseCredentials(user, password);
                }
                throw new IllegalStateException(file + " has no user or password; remove it only if the H2"
                        + " database next to it is new (its password is in this file), or restore it from a backup");
            }
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            props.setProperty("user", GENERATED_USER);
            props.setProperty("password", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            Path temp = OwnerOnly.file(home.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + ".new"));
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    props.store(out, "nightshift: password of the H2 database in this directory; keep it private");
                }
                // A link appears whole or not at all, and fails if another process made the file first.
                Files.createLink(file, temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return forHome(home);
            } finally {
                Files.deleteIfExists(temp);
            }
            return new DatabaseCredentials(props.getProperty("user"), props.getProperty("password"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
