package io.nightshift.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTrialContextTest {

    @TempDir
    Path temp;

    private final CountingPlugin plugin = new CountingPlugin();

    @Test
    void recordsMetricsLogsNotesAndFilesOfATrial() throws Exception {
        TestTrialContext ctx = TestTrialContext.forPlugin(plugin).parameter("epochs", 3).directory(temp).build();

        TrialResult result = plugin.run(ctx);

        assertThat(result.metric("val_loss")).isEqualTo(1.0 / 3);
        assertThat(ctx.reported()).containsExactly(new ReportedMetric("val_loss", 1.0, 1, 10),
                new ReportedMetric("val_loss", 0.5, 2, 20), new ReportedMetric("val_loss", 1.0 / 3, 3, 30));
        assertThat(ctx.curve("val_loss")).containsExactly(1.0, 0.5, 1.0 / 3);
        assertThat(ctx.last("val_loss")).hasValue(1.0 / 3);
        assertThat(ctx.last("train_loss")).isEmpty();
        assertThat(ctx.metricNames()).containsExactly("val_loss");
        assertThat(ctx.logs()).containsExactly("attempt 1 starts after epoch 0");
        assertThat(ctx.notes()).containsExactly(new Note("stopped", "done"));
        assertThat(ctx.note("stopped")).hasValue("done");
        assertThat(ctx.artifactFiles()).containsExactly(Path.of("summary.txt"));
        assertThat(ctx.checkpointFiles()).containsExactly(Path.of("epoch.txt"));
        ctx.assertReported("val_loss").assertFinite("val_loss").assertLogged("starts after").assertNoted("stopped")
                .assertArtifact("summary.txt");
    }

    @Test
    void directoriesExistBeforeTheTrialAndLiveUnderTheGivenOne() {
        TestTrialContext ctx = TestTrialContext.builder().trialId(7).proposalId(3).directory(temp).build();

        assertThat(ctx.artifacts()).isEqualTo(temp.resolve("trial-7/artifacts")).isDirectory();
        assertThat(ctx.checkpoints()).isEqualTo(temp.resolve("proposal-3/checkpoints")).isDirectory();
        assertThat(ctx.dataDirectory()).isEqualTo(temp.resolve("data")).isDirectory();
    }

    @Test
    void withoutADirectoryATemporaryOneIsMade() {
        TestTrialContext ctx = TestTrialContext.builder().build();
        assertThat(ctx.artifacts()).isDirectory();
        assertThat(ctx.checkpoints()).isDirectory();
    }

    @Test
    void everythingAWorkerSetsCanBeSet() {
        Instant deadline = Instant.parse("2030-01-01T00:00:00Z");
        Path data = temp.resolve("datasets");
        TestTrialContext ctx = TestTrialContext.builder()
                .parameters(Map.of("epochs", 2)).parameter("schedule", "flat")
                .trialId(11).proposalId(5).attempt(2).seed(7).device("gpu:1").deadline(deadline)
                .dataDirectory(data).artifacts(temp.resolve("a")).checkpoints(temp.resolve("c")).directory(temp)
                .build();

        assertThat(ctx.parameters()).containsExactly(Map.entry("epochs", 2), Map.entry("schedule", "flat"));
        assertThat(ctx.intParam("epochs")).isEqualTo(2);
        assertThat(ctx.trialId()).isEqualTo(11);
        assertThat(ctx.proposalId()).isEqualTo(5);
        assertThat(ctx.attempt()).isEqualTo(2);
        assertThat(ctx.seed()).isEqualTo(7);
        assertThat(ctx.device()).isEqualTo("gpu:1");
        assertThat(ctx.deadline()).isEqualTo(deadline);
        assertThat(ctx.dataDirectory()).isEqualTo(data).isDirectory();
        assertThat(ctx.artifacts()).isEqualTo(temp.resolve("a")).isDirectory();
        assertThat(ctx.checkpoints()).isEqualTo(temp.resolve("c")).isDirectory();
        assertThatThrownBy(() -> TestTrialContext.builder().attempt(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBudgetStartsWhenTheContextIsBuilt() {
        Instant before = Instant.now();
        TestTrialContext ctx = TestTrialContext.builder().budget(Duration.ofSeconds(5)).directory(temp).build();
        assertThat(ctx.deadline()).isBetween(before.plusSeconds(5), Instant.now().plusSeconds(5));
    }

    @Test
    void parametersForAPluginStartAtTheMiddleOfTheSpaceAndAreCheckedAgainstIt() {
        TestTrialContext ctx = TestTrialContext.forPlugin(plugin).parameter("schedule", "decay").directory(temp).build();
        // The conditional parameter appears only because its parent is set so; an integer stays an Integer.
        assertThat(ctx.parameters()).containsExactly(Map.entry("epochs", 11), Map.entry("schedule", "decay"),
                Map.entry("decay", 0.5));

        assertThatThrownBy(() -> TestTrialContext.forPlugin(plugin).parameter("epochs", 99).directory(temp).build())
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("epochs: 99 is outside [1, 20]");
        assertThatThrownBy(() -> TestTrialContext.forPlugin(plugin).parameter("decay", 0.5).directory(temp).build())
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("decay: applies only when");
    }

    @Test
    void aTrialPastItsDeadlineStopsAtOnce() throws Exception {
        TestTrialContext ctx = TestTrialContext.forPlugin(plugin).deadline(Instant.now().minusSeconds(1))
                .directory(temp).build();

        TrialResult result = plugin.run(ctx);

        assertThat(ctx.reported()).isEmpty();
        assertThat(result.metric("epochs")).isZero();
        assertThatThrownBy(() -> PluginChecks.assertValidResult(plugin, result))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the objective val_loss is NaN");
    }

    @Test
    void cancelAfterReportsRaisesTheFlagMidTrial() throws Exception {
        TestTrialContext ctx = TestTrialContext.forPlugin(plugin).parameter("epochs", 20).cancelAfterReports(4)
                .directory(temp).build();
        assertThat(ctx.isCancelled()).isFalse();

        TrialResult result = plugin.run(ctx);

        assertThat(ctx.isCancelled()).isTrue();
        assertThat(ctx.curve("val_loss")).hasSize(4);
        assertThat(result.metric("epochs")).isEqualTo(4);
        assertThat(ctx.note("stopped")).hasValue("cancelled");
    }

    @Test
    void cancelWorksFromAnotherThread() throws Exception {
        TestTrialContext ctx = TestTrialContext.builder().directory(temp).build();
        CountDownLatch seen = new CountDownLatch(1);
        Thread trial = new Thread(() -> {
            while (!ctx.isCancelled()) {
                Thread.onSpinWait();
            }
            seen.countDown();
        });
        trial.start();
        ctx.cancel();
        assertThat(seen.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theNextAttemptKeepsTheCheckpointsAndResumes() throws Exception {
        TestTrialContext first = TestTrialContext.forPlugin(plugin).parameter("epochs", 6).cancelAfterReports(2)
                .trialId(4).proposalId(9).directory(temp).build();
        plugin.run(first);

        TestTrialContext second = first.nextAttempt();
        TrialResult result = plugin.run(second);

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.trialId()).isEqualTo(5);
        assertThat(second.proposalId()).isEqualTo(9);
        assertThat(second.seed()).isEqualTo(first.seed());
        assertThat(second.parameters()).isEqualTo(first.parameters());
        assertThat(second.checkpoints()).isEqualTo(first.checkpoints());
        assertThat(second.artifacts()).isNotEqualTo(first.artifacts());
        assertThat(second.isCancelled()).isFalse();
        assertThat(second.logs()).containsExactly("attempt 2 starts after epoch 2");
        assertThat(second.reported()).extracting(ReportedMetric::epoch).containsExactly(3, 4, 5, 6);
        assertThat(result.metric("epochs")).isEqualTo(6);
        assertThat(first.reported()).hasSize(2);
    }

    @Test
    void failedChecksSayWhatWasThereInstead() throws Exception {
        TestTrialContext ctx = TestTrialContext.forPlugin(plugin).parameter("epochs", 1).directory(temp).build();
        plugin.run(ctx);

        assertThatThrownBy(() -> ctx.assertReported("val_accuracy"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("trial 1 reported no metric 'val_accuracy'; it reported [val_loss]");
        assertThatThrownBy(() -> ctx.assertLogged("nope")).hasMessageContaining("the log: [attempt 1 starts");
        assertThatThrownBy(() -> ctx.assertNoted("missing")).hasMessageContaining("its notes: [stopped]");
        assertThatThrownBy(() -> ctx.assertArtifact("curve.png")).hasMessageContaining("it has [summary.txt]");
        ctx.metrics().report("bad", Double.NaN, 1, 1);
        assertThatThrownBy(() -> ctx.assertFinite("bad")).hasMessageContaining("reported bad = NaN at epoch 1");
    }

    @Test
    void reportsFromManyThreadsAreAllKept() throws Exception {
        TestTrialContext ctx = TestTrialContext.builder().directory(temp).build();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    ctx.metrics().report("m", i, 0, i);
                    ctx.log("line");
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(ctx.reported()).hasSize(1000);
        assertThat(ctx.logs()).hasSize(1000);
    }

    @Test
    void artifactsInSubdirectoriesAreListedRelativeToTheDirectory() throws Exception {
        TestTrialContext ctx = TestTrialContext.builder().directory(temp).build();
        Files.createDirectories(ctx.artifacts().resolve("images"));
        Files.writeString(ctx.artifacts().resolve("images/w.png"), "png");
        Files.writeString(ctx.artifacts().resolve("a.txt"), "a");
        assertThat(ctx.artifactFiles()).containsExactly(Path.of("a.txt"), Path.of("images/w.png"));
        ctx.assertArtifact("images/w.png");
    }
}
