package io.nightshift.agent.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files only their owner can read: the home holds the database and its logs quote
 * questions, parameters and model answers, none of which other users of the machine should read.
 * Created with the permissions already set (never a moment world-readable); on a file system
 * without POSIX permissions they are created plainly.
 */
public final class OwnerOnly {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /**
     * Creates {@code dir} and any missing parents as rwx------. An existing directory is left as it is:
     * it may be one the user chose and shares on purpose.
     */
    public static Path directory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            return posix() ? Files.createDirectories(dir, attribute(DIRECTORY)) : Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code dir} (created if missing) rwx------ even if it already existed: for directories that
     * are nightshift's own, such as {@code <home>/logs}.
     */
    public static Path ownDirectory(Path dir) {
        directory(dir);
        restrict(dir, DIRECTORY);
        return dir;
    }

    /** Creates {@code file} as rw------- if missing, and makes an existing one rw-------. */
    public static Path file(Path file) {
        try {
            if (!Files.exists(file)) {
                if (posix()) {
                    Files.createFile(file, attribute(FILE));
                } else {
                    Files.createFile(file);
                }
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Created by another process between the check and now: restricted below.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create file " + file + ": " + e.getMessage(), e);
        }
        restrict(file, FILE);
        return file;
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) {
        if (!posix()) {
            return;
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + path + " private to its owner: " + e.getMessage(), e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
