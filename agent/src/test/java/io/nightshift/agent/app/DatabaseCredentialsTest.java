package io.nightshift.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.agent.config.ConfigLoader;
import io.nightshift.agent.config.NightshiftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void anH2PasswordIsGeneratedOnceKeptOwnerOnlyAndNeverShown() throws Exception {
        Path home = dir.resolve("home");

        DatabaseCredentials first = DatabaseCredentials.forHome(home);
        DatabaseCredentials again = DatabaseCredentials.forHome(home);

        assertThat(first.password()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(again).isEqualTo(first);
        assertThat(DatabaseCredentials.forHome(dir.resolve("other")).password()).isNotEqualTo(first.password());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(DatabaseCredentials.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.password());
    }

    @Test
    void configuredCredentialsWinAndPostgresqlGetsNoGeneratedOne() {
        Path home = dir.resolve("home");
        NightshiftConfig configured = load(Map.of("NIGHTSHIFT_HOME", home.toString()), "database:\n  user: me\n  password: mine\n");
        assertThat(DatabaseCredentials.of(configured)).isEqualTo(new DatabaseCredentials("me", "mine"));

        NightshiftConfig postgres = load(Map.of("NIGHTSHIFT_HOME", home.toString(),
                "NIGHTSHIFT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test"), "");
        assertThat(DatabaseCredentials.of(postgres)).isEqualTo(new DatabaseCredentials("", ""));
        assertThat(home.resolve(DatabaseCredentials.FILE_NAME)).doesNotExist();
    }

    @Test
    void aDamagedCredentialsFileIsAnErrorNotANewPassword() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve(DatabaseCredentials.FILE_NAME), "user=nightshift\n");

        assertThatThrownBy(() -> DatabaseCredentials.forHome(home))
                .hasMessageContaining(DatabaseCredentials.FILE_NAME).hasMessageContaining("no user or password");
    }

    private NightshiftConfig load(Map<String, String> env, String yaml) {
        try {
            Path file = dir.resolve("config.yaml");
            Files.writeString(file, yaml);
            return new ConfigLoader(env, dir).load(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
