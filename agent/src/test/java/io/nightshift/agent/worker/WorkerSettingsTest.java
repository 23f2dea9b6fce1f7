package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's settings reach it in a real worker JVM, once, before its first trial there. */
class WorkerSettingsTest {

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

    private static TrialOutcome run(long id, Map<String, Object> settings) throws Exception {
        var request = new WorkerMessage.Run(id, ConfigurablePlugin.ID, Map.of("x", 0.5), 1, 30_000, temp.toString(),
                1, id, null, null, settings);
        return pool.run(request, new WorkerProcessTest.Recorder(), Instant.now().plusSeconds(30));
    }

    @Test
    void settingsAreHandedToThePluginOnceBeforeItsFirstTrialInTheWorker() throws Exception {
        // In this order on one worker: a bad value fails only its own trial, with the configuration error ...
        TrialOutcome refused = run(1, Map.of("scale", -1));
        assertThat(refused).isInstanceOfSatisfying(TrialOutcome.Failed.class, failed ->
                assertThat(failed.reason()).contains("plugins.configurable.scale: must be positive, got -1.0"));

        // ... good ones are applied before the trial runs ...
        assertThat(run(2, Map.of("scale", 4.0, "label", "x4"))).isEqualTo(new TrialOutcome.Completed(
                Map.of("score", 2.0, "scale", 4.0, "configure_calls", 1.0)));

        // ... and not again for the next trial with the same settings.
        assertThat(run(3, Map.of("scale", 4.0, "label", "x4"))).isEqualTo(new TrialOutcome.Completed(
                Map.of("score", 2.0, "scale", 4.0, "configure_calls", 1.0)));
    }
}
