package io.nightshift.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the database cannot be opened, the message names it and says what to do. */
class StoreOpenErrorsTest {

    @TempDir
    Path dir;

    @Test
    void unreachablePostgresqlNamesTheServerAndHidesThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/nightshift?password=hunter2";

        assertThatThrownBy(() -> Store.open(url, "nightshift", "hunter2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("PostgreSQL server at jdbc:postgresql://127.0.0.1:1/nightshift?password=***")
                .hasMessageContaining("is not reachable")
                .hasMessageContaining("pg_isready")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unsupportedUrlsSayWhichAreSupported() {
        assertThatThrownBy(() -> Store.open("jdbc:mysql://localhost/nightshift", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://localhost/nightshift")
                .hasMessageContaining("jdbc:h2:async:")
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void wrongH2PasswordIsReportedAsSuch() {
        String url = Store.h2FileUrl(dir.resolve("secured"));
        Store.open(url, "sa", "right").close();

        assertThatThrownBy(() -> Store.open(url, "sa", "wrong"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("rejected the user name or password");
    }

    @Test
    void h2FileHeldByAnotherProcessSaysWhoToStop() throws Exception {
        Path file = dir.resolve("held");
        Process holder = ChildProcess.start("hold-without-auto-server", "jdbc:h2:file:" + file);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("HOLDING")) {
                // skip whatever the child logs before it holds the file
            }
            assertThat(line).as("child never held the file").isEqualTo("HOLDING");

            String url = Store.h2FileUrl(file);
            assertThatThrownBy(() -> Store.open(url, "sa", "test-password"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(url)
                    .hasMessageContaining("held by another process")
                    .hasMessageContaining("AUTO_SERVER=TRUE");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }
}
