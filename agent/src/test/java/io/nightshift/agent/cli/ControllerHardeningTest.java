package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.store.Store;
import io.nightshift.store.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator can get wrong with the real CLI: two controllers on one H2 file, a night where nothing works. */
class ControllerHardeningTest {

    @TempDir
    Path home;

    private Path config() throws Exception {
        return new TestHome(home).config();
    }

    private static String[] execute(String... args) {
        return TestHome.execute(args);
    }

    @Test
    void aSecondControllerOnTheSameH2FileIsRefusedAndStatusStillWorks() throws Exception {
        Path config = config();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString(),
                "run", "--plugin", "sleepy", "--max-trials", "3", "--trial-budget", "20"));
        Process first = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("first.out").toFile()).start();
        try {
            awaitRunningTrial(Duration.ofSeconds(90));

            String[] second = execute("--config", config.toString(), "run", "--plugin", "sleepy",
                    "--max-trials", "3", "--trial-budget", "20");
            assertThat(second[0]).as("stderr: %s", second[2]).isEqualTo("1");
            assertThat(second[2]).contains("another nightshift controller is already running")
                    .contains("pid " + first.pid()).contains("nightshift status");

            String[] status = execute("--config", config.toString(), "status");
            assertThat(status[0]).as("stderr: %s", status[2]).isEqualTo("0");
            assertThat(status[1]).contains("Question #1");
            try (Store store = openStore()) {
                assertThat(store.questions().all()).as("one question, not two").hasSize(1);
            }
        } finally {
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunInWhichNoTrialCompletedFailsAndTheHomeIsPrivate() throws Exception {
        Path config = config();

        String[] run = execute("--config", config.toString(), "run", "--plugin", "failing", "--max-trials", "2",
                "--trial-budget", "5");

        assertThat(run[0]).as("stdout: %s%nstderr: %s", run[1], run[2]).isEqualTo("1");
        assertThat(run[2]).contains("no trial of question #1 completed");
        assertThat(run[1]).contains("this plugin always fails");
        assertThat(permissions(home)).isEqualTo("rwx------");
        for (String file : new String[] {DatabaseCredentials.FILE_NAME, "nightshift.mv.db"}) {
            assertThat(permissions(home.resolve(file))).as(file).isEqualTo("rw-------");
        }
        assertThat(Files.readString(home.resolve(DatabaseCredentials.FILE_NAME))).contains("password=");
        assertThat(run[1] + run[2]).doesNotContain(DatabaseCredentials.forHome(home).password());
    }

    private void awaitRunningTrial(Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (Files.exists(home.resolve("nightshift.mv.db"))) {
                try (Store store = openStore()) {
                    if (store.trials().forQuestion(1).stream().anyMatch(t -> t.status() == TrialStatus.RUNNING)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // still creating the schema
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no trial ran within " + timeout + ":\n" + Files.readString(home.resolve("first.out")));
    }

    private Store openStore() {
        return new TestHome(home).openStore();
    }
    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
