package org.example.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.plugin.InvalidSettingException;
import io.nightshift.plugin.TrialResult;
import io.nightshift.plugin.testkit.PluginChecks;
import io.nightshift.plugin.testkit.TestTrialContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelloDescentPluginTest {

    @TempDir
    Path temp;

    private HelloDescentPlugin plugin;

    /** What nightshift does before a worker's first trial: configure, then warmUp. */
    @BeforeEach
    void setUp() throws Exception {
        plugin = new HelloDescentPlugin();
        plugin.configure(Map.of());
        plugin.warmUp(temp.resolve("data"));
    }

    private TestTrialContext.Builder trial(String optimizer) {
        TestTrialContext.Builder b = TestTrialContext.forPlugin(plugin).directory(temp)
                .parameter("optimizer", optimizer).parameter("learning_rate", 0.02).parameter("epochs", 10);
        return optimizer.equals("momentum") ? b.parameter("momentum", 0.9) : b;
    }

    @Test
    void descriptorAndSuggestedDesignsFitTheSearchSpace() {
        PluginChecks.assertValidDescriptor(plugin);
    }

    @Test
    void aTrialReportsALearningCurveAndLeavesItsCurveAsAnArtifact() throws Exception {
        TestTrialContext ctx = trial("momentum").build();

        TrialResult result = plugin.run(ctx);

        PluginChecks.assertValidResult(plugin, result);
        assertThat(ctx.curve("val_loss")).hasSize(10);
        assertThat(ctx.reported("val_loss").get(9).step()).isEqualTo(200);
        assertThat(ctx.last("val_loss").getAsDouble()).isLessThan(ctx.curve("val_loss").get(0));
        assertThat(result.metric("val_loss")).isEqualTo(ctx.last("val_loss").getAsDouble());
        assertThat(result.metrics()).containsKeys("test_loss", "train_loss", "epochs");
        ctx.assertFinite("train_loss").assertNoted("settings").assertArtifact("curve.csv");
        assertThat(Files.readAllLines(ctx.artifacts().resolve("curve.csv"))).hasSize(11)
                .first().isEqualTo("epoch,train_loss,val_loss");
    }

    @Test
    void momentumBeatsPlainSgdAtASmallLearningRate() throws Exception {
        double sgd = plugin.run(trial("sgd").build()).metric("val_loss");
        double momentum = plugin.run(trial("momentum").trialId(2).build()).metric("val_loss");
        assertThat(momentum).isLessThan(sgd);
    }

    @Test
    void settingsChangeTheExperimentAndBadOnesNameTheirKey() throws Exception {
        plugin.configure(Map.of("noise", 0, "dimensions", 3));
        plugin.warmUp(temp);
        TestTrialContext ctx = trial("sgd").build();
        TrialResult result = plugin.run(ctx);

        assertThat(result.metric("noise")).isZero();
        assertThat(plugin.parameterCount(ctx.parameters())).hasValue(3);
        assertThat(ctx.note("settings")).hasValue("noise=0.0, dimensions=3");

        assertThatThrownBy(() -> plugin.configure(Map.of("noise", -1)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("noise"))
                .hasMessage("must be between 0 and 10, got -1.0");
        assertThatThrownBy(() -> plugin.configure(Map.of("noize", 1)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("noize"));
    }

    @Test
    void anInterruptedTrialResumesFromItsCheckpointAndEndsWhereAnUninterruptedOneDoes() throws Exception {
        double whole = plugin.run(trial("momentum").trialId(1).directory(temp.resolve("whole")).build())
                .metric("val_loss");

        // Cancelled after 3 epochs (2 metrics each), as when its worker was lost; then its next attempt.
        TestTrialContext first = trial("momentum").trialId(2).directory(temp.resolve("split"))
                .cancelAfterReports(6).build();
        plugin.run(first);
        assertThat(first.checkpointFiles()).containsExactly(Path.of("state.txt"));
        TestTrialContext second = first.nextAttempt();
        TrialResult resumed = plugin.run(second);

        assertThat(first.curve("val_loss")).hasSize(3);
        second.assertLogged("attempt 2 resumes after epoch 3");
        assertThat(second.reported("val_loss")).extracting(m -> m.epoch()).containsExactly(4, 5, 6, 7, 8, 9, 10);
        assertThat(resumed.metric("val_loss")).isEqualTo(whole);
    }

    @Test
    void aTrialPastItsDeadlineStillAnswers() throws Exception {
        TestTrialContext ctx = trial("sgd").deadline(Instant.now().minusSeconds(1)).build();

        TrialResult result = plugin.run(ctx);

        assertThat(ctx.reported()).isEmpty();
        PluginChecks.assertValidResult(plugin, result);
        assertThat(result.metric("epochs")).isZero();
    }
}
