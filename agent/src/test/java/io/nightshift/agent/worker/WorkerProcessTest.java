package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker JVMs speaking the real protocol, with the scripted test plugin. */
class WorkerProcessTest {

    @TempDir
    static Path temp;

    static WorkerPool pool;

    @BeforeAll
    static void startPool() {
        pool = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(temp.resolve("plugins"),
                temp.resolve("logs"), "cpu", 256, 1, 1, Duration.ofSeconds(10), List.of())), 1);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static final class Recorder implements TrialEvents {
        final List<WorkerMessage.Metric> metrics = new ArrayList<>();
        final List<String> logs = new ArrayList<>();

        @Override
        public void metric(WorkerMessage.Metric metric) {
            metrics.add(metric);
        }

        @Override
        public void log(String message) {
            logs.add(message);
        }

        @Override
        public void alive() {
        }
    }

    private static TrialOutcome run(long id, String mode, Duration budget, Duration hardLimit, Recorder events) throws Exception {
        var request = new WorkerMessage.Run(id, "scripted", Map.of("mode", mode, "x", 0.8), 1,
                budget.toMillis(), temp.toString());
        return pool.run(request, events, Instant.now().plus(hardLimit));
    }

    @Test
    void completedTrialStreamsMetricsAndLogsThenResult() throws Exception {
        Recorder events = new Recorder();
        TrialOutcome outcome = run(1, "ok", Duration.ofSeconds(30), Duration.ofSeconds(60), events);

        assertThat(outcome).isEqualTo(new TrialOutcome.Completed(Map.of("score", 0.8, "test_accuracy", 0.8)));
        assertThat(events.metrics).extracting(WorkerMessage.Metric::value).containsExactly(0.4, 0.8);
        assertThat(events.metrics).extracting(WorkerMessage.Metric::epoch).containsExactly(1, 2);
        assertThat(events.logs).containsExactly("running in mode ok");
    }

    @Test
    void pluginExceptionFailsTheTrialButKeepsTheWorker() throws Exception {
        TrialOutcome failed = run(2, "throw", Duration.ofSeconds(30), Duration.ofSeconds(60), new Recorder());
        assertThat(failed).isInstanceOf(TrialOutcome.Failed.class);
        assertThat(((TrialOutcome.Failed) failed).reason()).isEqualTo("IllegalStateException: scripted failure");
        assertThat(((TrialOutcome.Failed) failed).detail()).contains("ScriptedPlugin.run");

        assertThat(run(3, "ok", Duration.ofSeconds(30), Duration.ofSeconds(60), new Recorder()))
                .isInstanceOf(TrialOutcome.Completed.class);
    }

    @Test
    void workerThatExitsMidTrialFailsOnlyThatTrial() throws Exception {
        Recorder events = new Recorder();
        TrialOutcome lost = run(4, "exit", Duration.ofSeconds(30), Duration.ofSeconds(60), events);

        assertThat(lost).isInstanceOf(TrialOutcome.WorkerLost.class);
        assertThat(((TrialOutcome.WorkerLost) lost).reason()).contains("exited mid-trial with code 3");
        assertThat(events.metrics).hasSize(1);
        // The slot starts a fresh worker for the next trial.
        assertThat(run(5, "ok", Duration.ofSeconds(30), Duration.ofSeconds(60), new Recorder()))
                .isInstanceOf(TrialOutcome.Completed.class);
    }

    @Test
    void cancelAtTheHardLimitLetsTheTrialReturnWhatItHas() throws Exception {
        TrialOutcome outcome = run(6, "cancellable", Duration.ofSeconds(60), Duration.ofMillis(500), new Recorder());
        assertThat(outcome).isEqualTo(new TrialOutcome.Completed(Map.of("score", -1.0, "cancelled", 1.0)));
    }

    @Test
    void trialThatIgnoresCancelIsKilledAfterTheGrace() throws Exception {
        TrialOutcome outcome = run(7, "stubborn", Duration.ofSeconds(1), Duration.ofMillis(200), new Recorder());
        assertThat(outcome).isInstanceOf(TrialOutcome.WorkerLost.class);
        assertThat(((TrialOutcome.WorkerLost) outcome).reason()).contains("ignored the cancel");
    }

    @Test
    void aWorkerThatCannotStartSaysWhatTheJvmPrinted() throws Exception {
        // A 1 MB heap: the JVM refuses to start and says so on stdout, the protocol channel.
        try (WorkerPool tiny = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(
                temp.resolve("plugins"), temp.resolve("tiny-logs"), "cpu", 1, 1, 1, Duration.ofSeconds(10),
                List.of())), 1)) {
            TrialOutcome outcome = tiny.run(new WorkerMessage.Run(8, "scripted", Map.of("mode", "ok", "x", 0.5), 1,
                    30_000, temp.toString()), new Recorder(), Instant.now().plusSeconds(60));

            assertThat(outcome).isInstanceOf(TrialOutcome.WorkerLost.class);
            assertThat(((TrialOutcome.WorkerLost) outcome).reason())
                    .contains("could not start a worker")
                    .containsIgnoringCase("heap");
        }
    }
}
