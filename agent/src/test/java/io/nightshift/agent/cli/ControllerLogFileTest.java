package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller log of a real CLI command lands in its own home, private to its owner, and nowhere else. */
class ControllerLogFileTest {

    @TempDir
    Path temp;

    @Test
    void commandLogsToItsHomeOwnerOnlyAndNotToTheSharedTempDirectory() throws Exception {
        Path home = temp.resolve("fresh-home"); // does not exist yet: the command creates it
        Path config = Files.writeString(temp.resolve("nightshift.yaml"), "home: " + home + "\n");
        Path shared = Path.of(System.getProperty("java.io.tmpdir"), "nightshift.log");

        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("--config", config.toString(), "status");

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        Path log = home.resolve("logs").resolve("nightshift.log");
        assertThat(log).exists();
        // The store logs the database it opened, which is under this home: content from this run.
        assertThat(Files.readString(log)).contains(home.toString());
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("logs"))).isEqualTo("rwx------");
        assertThat(mode(log)).isEqualTo("rw-------");
        // Other builds on the machine may write their own file there; none of it may be from this home.
        if (Files.exists(shared)) {
            assertThat(Files.readString(shared)).doesNotContain(home.toString());
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
