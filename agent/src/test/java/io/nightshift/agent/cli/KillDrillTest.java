package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.PgSchema;
import io.nightshift.store.EndCause;
import io.nightshift.store.Proposal;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real controller mid-trial, three times, then the same command to the end: no finished trial lost,
 * none completed twice, every interrupted one re-run, and the predecessor's trials recognised at once.
 */
class KillDrillTest {

    @TempDir
    Path home;

    @Test
    void threeKillsLoseNothingAndDuplicateNothing() throws Exception {
        drill(new TestHome(home).config(), () -> new TestHome(home).openStore());
    }

    /**
     * On PostgreSQL many controllers share the database, so a RUNNING trial of another controller is only taken
     * for a dead one's when its heartbeat is stale-after-seconds old (60 here: longer than the test waits). The
     * controller restarted from the same home recognises its own predecessor's trials at once.
     */
    @Test
    void onPostgresqlTheControllerRestartedFromTheSameHomeRecognisesItsPredecessorsTrialsAtOnce() throws Exception {
        try (PgSchema schema = PgSchema.create("ns_kill")) {
            Path config = new TestHome(home).postgresConfig(schema.url(), 60, "", "");
            drill(config, () -> Store.open(schema.url(), PgSchema.USER, PgSchema.PASSWORD));
        }
    }

    private void drill(Path config, java.util.function.Supplier<Store> openStore) throws Exception {
        String[] args = {"--config", config.toString(), "run", "--plugin", "sleepy", "--max-trials", "5",
                "--trial-budget", "4"};
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        int killedWhileRunning = 0;
        for (int kill = 1; kill <= 3; kill++) {
            Process controller = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("controller-" + kill + ".out").toFile()).start();
            // Watched through its own output, not the database: a look at the H2 file while a controller takes over
            // its killed predecessor's lock would be a second process racing for that lock.
            awaitCompletedTrial(home.resolve("controller-" + kill + ".out"), Duration.ofSeconds(90), kill);
            Thread.sleep(1500); // the next trial (planned ahead) is running by now
            controller.destroyForcibly(); // SIGKILL: no handler runs, nothing is recorded on the way out
            assertThat(controller.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killedWhileRunning++;
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertThat(code).as("%s%n%s", out, err).isZero();

        try (Store store = openStore.get()) {
            assertThat(store.questions().find(1).orElseThrow().status()).isEqualTo(QuestionStatus.DONE);
            List<Trial> trials = store.trials().forQuestion(1);
            List<Proposal> proposals = store.proposals().forQuestion(1);
            assertThat(proposals).hasSize(5);
            Map<Long, List<Trial>> byProposal = trials.stream().collect(Collectors.groupingBy(Trial::proposalId));
            assertThat(byProposal).hasSize(5).allSatisfy((proposal, attempts) ->
                    assertThat(attempts).filteredOn(t -> t.status() == TrialStatus.COMPLETED)
                            .as("proposal %d completed exactly once", proposal).hasSize(1));
            List<Trial> interrupted = trials.stream().filter(t -> t.status() == TrialStatus.INTERRUPTED).toList();
            // Each kill hits the one trial running then; under load a trial may finish between the look and the kill.
            assertThat(interrupted).as("all trials: %s", trials).hasSizeBetween(1, killedWhileRunning).allSatisfy(t -> {
                assertThat(t.endCause()).isEqualTo(EndCause.CONTROLLER_LOST);
                // Recognised by the next controller at once (the lock makes it the only one of its home), not after a
                // heartbeat timeout.
                assertThat(t.error()).contains("stopped without recording its end");
            });
            assertThat(trials).noneSatisfy(t -> assertThat(t.status()).isIn(TrialStatus.RUNNING, TrialStatus.QUEUED));
        }
    }

    /** Waits until the controller's progress output announces a completed trial. */
    private static void awaitCompletedTrial(Path output, Duration timeout, int kill) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (Files.exists(output) && Files.readString(output).matches("(?s).*trial #\\d+ completed.*")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("controller " + kill + " completed no trial within " + timeout + ":\n"
                + Files.readString(output));
    }

}
