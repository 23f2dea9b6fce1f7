package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** workers.recycle-after-trials and workers.env, with real worker JVMs. */
class WorkerRecyclingTest {

    @TempDir
    Path temp;

    private WorkerLauncher launcher(Map<String, String> env) {
        return new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(temp.resolve("plugins"), temp.resolve("logs"),
                "cpu", 256, 1, 1, Duration.ofSeconds(10), List.of()).withEnvironment(env));
    }

    /** Runs {@code trials} pid trials one after another and returns each one's outcome. */
    private List<Map<String, Double>> run(WorkerPool pool, int trials) throws Exception {
        List<Map<String, Double>> results = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
            TrialOutcome outcome = pool.run(new WorkerMessage.Run(t, "pid", Map.of("x", 0.5), 1, 30_000,
                    temp.toString()), new WorkerProcessTest.Recorder(), Instant.now().plusSeconds(60));
            assertThat(outcome).as("trial %d", t).isInstanceOf(TrialOutcome.Completed.class);
            results.add(((TrialOutcome.Completed) outcome).metrics());
        }
        return results;
    }

    private static List<Long> pids(List<Map<String, Double>> results) {
        return results.stream().map(m -> m.get("pid").longValue()).toList();
    }

    @Test
    void aWorkerIsReplacedAfterEverySecondTrialWhenRecyclingAfterTwo() throws Exception {
        try (WorkerPool pool = new WorkerPool(launcher(Map.of()), 1, 2)) {
            List<Long> pids = pids(run(pool, 5));

            // Trials 1-2 on one worker, 3-4 on a second, 5 on a third: replaced between trials, never during one.
            assertThat(pids.get(1)).isEqualTo(pids.get(0));
            assertThat(pids.get(3)).isEqualTo(pids.get(2));
            assertThat(List.of(pids.get(0), pids.get(2), pids.get(4))).doesNotHaveDuplicates();
            assertThat(pool.workerPids()).containsExactly(pids.get(4));
            assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false))
                    .as("the retired worker has exited").isFalse();
        }
    }

    @Test
    void withoutRecyclingOneWorkerRunsEveryTrial() throws Exception {
        try (WorkerPool pool = new WorkerPool(launcher(Map.of()), 1, 0)) {
            assertThat(pids(run(pool, 4))).containsOnly(pids(run(pool, 1)).get(0));
        }
    }

    @Test
    void aWorkerGetsTheConfiguredEnvironmentAndAnEmptyValueUnsetsAVariable() throws Exception {
        try (WorkerPool pool = new WorkerPool(launcher(Map.of(PidPlugin.VARIABLE, "42")), 1)) {
            assertThat(run(pool, 1).get(0)).containsEntry("env", 42.0);
        }
        // The variable is in this (the controller's) environment only if the test runner set it; either way, an
        // empty value keeps it from the worker.
        try (WorkerPool pool = new WorkerPool(launcher(Map.of(PidPlugin.VARIABLE, "")), 1)) {
            assertThat(run(pool, 1).get(0)).containsEntry("env", -1.0);
        }
    }

    @Test
    void aNegativeRecycleCountIsRefused() {
        assertThatThrownBy(() -> new WorkerPool(launcher(Map.of()), 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 (never)");
    }
}
