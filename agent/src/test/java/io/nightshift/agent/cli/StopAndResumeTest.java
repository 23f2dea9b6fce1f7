package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C mid-trial, then the same command again: a real controller process is stopped while its
 * second trial runs; the finished trial is kept, the interrupted one runs again and the question
 * finishes.
 */
class StopAndResumeTest {

    @TempDir
    Path home;

    @Test
    void stopMidTrialThenRunAgainFinishesTheQuestionWithoutLosingFinishedTrials() throws Exception {
        Path config = home.resolve("nightshift.yaml");
        Files.writeString(config, """
                home: %s
                workers:
                  heap-mb: 256
                  heartbeat-seconds: 1
                loop:
                  tick-seconds: 1
                """.formatted(home));
        String[] args = {"--config", config.toString(), "run", "--plugin", "sleepy", "--max-trials", "2", "--trial-budget", "3"};
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process controller = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("controller.out").toFile()).start();

        String url = Store.h2FileUrl(home.resolve("nightshift"));
        try {
            awaitTrials(url, trials -> trials.stream().anyMatch(t -> t.status() == TrialStatus.COMPLETED)
                    && trials.stream().anyMatch(t -> t.status() == TrialStatus.RUNNING), Duration.ofSeconds(90));
        } catch (AssertionError e) {
            controller.destroyForcibly();
            throw new AssertionError(e.getMessage() + "; controller output:\n" + Files.readString(home.resolve("controller.out")));
        }
        // SIGTERM takes the same path as Ctrl-C (the shutdown hook). SIGINT itself cannot be used
        // here: a process started in the background by a non-interactive shell (as CI runs Maven)
        // inherits SIGINT as ignored, and the JVM then never sees it.
        controller.destroy();
        assertThat(controller.waitFor(60, TimeUnit.SECONDS)).as("controller exits after SIGTERM").isTrue();
        assertThat(Files.readString(home.resolve("controller.out"))).contains("Stopped. Finished trials are kept");

        List<Trial> afterStop;
        try (Store store = Store.open(url, credentials(home).user(), credentials(home).password())) {
            afterStop = store.trials().forQuestion(1);
        }
        assertThat(afterStop).extracting(Trial::status).containsExactly(TrialStatus.COMPLETED, TrialStatus.INTERRUPTED);

        StringWriter out = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter())).execute(args);
        assertThat(code).isZero();
        assertThat(out.toString()).contains("Continuing question #1");

        try (Store store = Store.open(url, credentials(home).user(), credentials(home).password())) {
            List<Trial> trials = store.trials().forQuestion(1);
            assertThat(trials).hasSize(3);
            assertThat(trials.get(0)).isEqualTo(afterStop.get(0));
            assertThat(trials.get(1).status()).isEqualTo(TrialStatus.INTERRUPTED);
            assertThat(trials.get(1).error()).contains("nightshift stopped while it ran");
            Trial retry = trials.get(2);
            assertThat(retry.status()).isEqualTo(TrialStatus.COMPLETED);
            assertThat(retry.attempt()).isEqualTo(2);
            assertThat(retry.proposalId()).isEqualTo(trials.get(1).proposalId());
            assertThat(store.proposals().forQuestion(1)).hasSize(2);
        }
    }

    private void awaitTrials(String url, Predicate<List<Trial>> condition, Duration timeout) throws Exception {
        Path dbFile = home.resolve("nightshift.mv.db");
        Instant until = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(until)) {
            if (Files.exists(dbFile)) {
                try (Store store = Store.open(url, credentials(home).user(), credentials(home).password())) {
                    if (condition.test(store.trials().forQuestion(1))) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // The controller may still be creating the schema; try again.
                    last = e;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("trials did not reach the expected state within " + timeout
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    private static DatabaseCredentials credentials(Path home) {
        return DatabaseCredentials.forHome(home);
    }
}
