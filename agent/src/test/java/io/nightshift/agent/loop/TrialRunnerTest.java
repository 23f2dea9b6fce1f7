package io.nightshift.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.worker.WorkerLauncher;
import io.nightshift.agent.worker.WorkerPool;
import io.nightshift.store.EndCause;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker JVMs, a real H2 store: what a trial is recorded as, and when its budget starts. */
class TrialRunnerTest {

    @TempDir
    Path temp;

    private Store store;
    private WorkerPool pool;
    private TrialRunner runner;

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        pool = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(temp.resolve("plugins"),
                temp.resolve("logs"), "cpu", 256, 1, 1, Duration.ofSeconds(20), List.of())), 1);
        runner = new TrialRunner(store, PluginRegistry.load(temp.resolve("plugins")), pool,
                new LoopSettings(1, 3, Duration.ofSeconds(30), temp), Clock.systemUTC(), "test-controller",
                io.nightshift.agent.artifact.TrialFiles.under(temp.resolve("home"), 1));
    }

    @AfterEach
    void tearDown() {
        pool.close();
        store.close();
    }

    @Test
    void aTrialWaitingForTheOnlyWorkerStillGetsItsWholeBudget() throws Exception {
        // Two trials of 3 s on one worker, started together: the second waits about 3 s (plus the worker's start).
        Question q = store.questions().create("sleepy", "How long is a trial?", "random", 2, 3, 1L);
        List<Trial> trials = new ArrayList<>();
        for (double x : new double[] {0.3, 0.6}) {
            Proposal p = store.proposals().create(q.id(), Map.of("x", x), "random", null, null);
            trials.add(store.trials().create(q.id(), p.id(), 1, 7L));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Trial t : trials) {
                runs.add(threads.submit(() -> {
                    runner.run(t.id());
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }

        for (Trial t : trials) {
            Trial done = store.trials().find(t.id()).orElseThrow();
            assertThat(done.status()).as("trial %d: %s", t.id(), done.error()).isEqualTo(TrialStatus.COMPLETED);
            assertThat(done.result().get("budget_seconds_at_start")).as("budget left when trial %d began", t.id())
                    .isGreaterThan(2.5);
            assertThat(done.result().get("steps")).as("steps of trial %d", t.id()).isGreaterThan(10.0);
        }
    }

    @Test
    void pluginErrorsAndLostWorkersAreRecordedWithTheirCause() throws Exception {
        Question q = store.questions().create("scripted", "Does scripting work?", "random", 2, 30, 1L);
        Trial threw = trial(q, "throw");
        Trial exited = trial(q, "exit");

        runner.run(threw.id());
        runner.run(exited.id());

        assertThat(store.trials().find(threw.id()).orElseThrow())
                .extracting(Trial::status, Trial::endCause, Trial::error)
                .containsExactly(TrialStatus.FAILED, EndCause.PLUGIN_ERROR, "IllegalStateException: scripted failure");
        Trial lost = store.trials().find(exited.id()).orElseThrow();
        assertThat(lost.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(lost.endCause()).isEqualTo(EndCause.WORKER_LOST);
        assertThat(lost.error()).contains("exited mid-trial with code 3");
    }

    @Test
    void thePluginsSettingsTravelWithTheRunToTheWorker() throws Exception {
        TrialRunner configured = new TrialRunner(store, PluginRegistry.load(temp.resolve("plugins"),
                Map.of("configurable", Map.of("scale", 3.0)), "test.yaml"), pool,
                new LoopSettings(1, 3, Duration.ofSeconds(30), temp), Clock.systemUTC(), "test-controller",
                io.nightshift.agent.artifact.TrialFiles.under(temp.resolve("home"), 1));
        Question q = store.questions().create("configurable", "Do settings arrive?", "random", 1, 30, 1L);
        Proposal p = store.proposals().create(q.id(), Map.of("x", 0.5), "random", null, null);
        Trial t = store.trials().create(q.id(), p.id(), 1, 7L);

        configured.run(t.id());

        Trial done = store.trials().find(t.id()).orElseThrow();
        assertThat(done.status()).as(done.error()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(done.result()).containsEntry("scale", 3.0).containsEntry("score", 1.5);
    }

    private Trial trial(Question q, String mode) {
        Proposal p = store.proposals().create(q.id(), Map.of("mode", mode, "x", 0.5), "random", null, null);
        return store.trials().create(q.id(), p.id(), 1, 7L);
    }
}
