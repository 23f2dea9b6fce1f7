package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A night's time budgets and 'nightshift stop', with real workers. */
class BudgetAndStopTest {

    @TempDir
    Path home;

    private String config() throws Exception {
        return new TestHome(home).config().toString();
    }

    private static String[] execute(String... args) {
        return TestHome.execute(args);
    }

    @Test
    void aSpentWallClockBudgetStopsTheQuestionAndSaysWhich() throws Exception {
        // 0.003 h = 10.8 s for 40 trials of 2 s: the budget ends it long before its design would.
        String[] run = execute("--config", config(), "run", "--plugin", "sleepy", "--max-trials", "40",
                "--trial-budget", "2", "--max-hours", "0.003", "--on-budget", "cancel");

        assertThat(run[0]).as("stdout %s%nstderr %s", run[1], run[2]).isEqualTo("0");
        assertThat(run[1]).contains("stopped before its design was done: its wall-clock budget of 11 s was spent");
        try (Store store = openStore()) {
            Question q = store.questions().find(1).orElseThrow();
            assertThat(q.status()).isEqualTo(QuestionStatus.DONE);
            assertThat(q.stopReason()).contains("wall-clock budget");
            List<Trial> trials = store.trials().forQuestion(1);
            assertThat(trials).hasSizeLessThan(12).noneSatisfy(t -> assertThat(t.status().terminal()).isFalse());
            assertThat(trials).anySatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
            assertThat(trials).filteredOn(t -> t.status() == TrialStatus.CANCELLED)
                    .allSatisfy(t -> assertThat(t.error()).startsWith("stopped: its wall-clock budget"));
        }
    }

    @Test
    void stopFromAnotherTerminalLetsTheRunningTrialFinishAndKeepsTheQuestionForTheNextRun() throws Exception {
        String config = config();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<String[]> run = background.submit(() -> execute("--config", config, "run", "--plugin", "sleepy",
                    "--max-trials", "20", "--trial-budget", "3"));
            awaitRunningTrial(Duration.ofSeconds(90));

            String[] stop = execute("--config", config, "stop");
            assertThat(stop[0]).as(stop[2]).isEqualTo("0");

            String[] result = run.get(60, TimeUnit.SECONDS);
            assertThat(result[0]).as("stdout %s%nstderr %s", result[1], result[2]).isEqualTo("0");
            assertThat(result[1]).contains("'nightshift stop' from").contains("Stopped. Finished trials are kept");
            try (Store store = openStore()) {
                assertThat(store.questions().find(1).orElseThrow().status()).isEqualTo(QuestionStatus.ACTIVE);
                List<Trial> trials = store.trials().forQuestion(1);
                assertThat(trials).noneSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.RUNNING));
                assertThat(trials).anySatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
                assertThat(trials).noneSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.INTERRUPTED));
            }
        } finally {
            background.shutdownNow();
        }
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
        throw new AssertionError("no trial ran within " + timeout);
    }

    private Store openStore() {
        return new TestHome(home).openStore();
    }
}
