package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.core.data.SyntheticMnist;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import io.nightshift.store.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's {@code run} on a tiny synthetic IDX dataset: real worker processes train the built-in
 * mnist-mlp plugin with DJL, real Quartz jobs drive the loop, and everything lands in a real H2 file.
 */
class RunCommandEndToEndTest {

    @TempDir
    Path home;

    private Path writeConfig() throws Exception {
        SyntheticMnist.write(home.resolve("data").resolve("mnist"), 1200, 300, 7);
        Path config = home.resolve("nightshift.yaml");
        Files.writeString(config, """
                home: %s
                workers:
                  heap-mb: 768
                  heartbeat-seconds: 1
                  heartbeat-timeout-seconds: 60
                loop:
                  tick-seconds: 1
                """.formatted(home));
        return config;
    }

    private static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void runTrainsOnWorkersThroughQuartzAndRecordsEverythingInH2() throws Exception {
        Path config = writeConfig();

        String[] run = execute("--config", config.toString(), "run", "--plugin", "mnist-mlp",
                "--max-trials", "2", "--trial-budget", "30");

        assertThat(run[0]).as("exit code; stderr: %s", run[2]).isEqualTo("0");
        assertThat(run[1]).contains("Question #1").contains("Best: trial #").contains("hidden_width");

        try (Store store = openStore(home)) {
            Question q = store.questions().find(1).orElseThrow();
            assertThat(q.status()).isEqualTo(QuestionStatus.DONE);
            assertThat(q.pluginId()).isEqualTo("mnist-mlp");
            List<Trial> trials = store.trials().forQuestion(q.id());
            assertThat(trials).hasSize(2).allSatisfy(t -> {
                assertThat(t.status()).as("trial %d: %s", t.id(), t.error()).isEqualTo(TrialStatus.COMPLETED);
                assertThat(t.objectiveValue()).isBetween(0.0, 1.0).isEqualTo(t.result().get("val_accuracy"));
                assertThat(t.result()).containsKeys("test_accuracy", "train_loss", "parameter_count");
                assertThat(store.metrics().forTrial(t.id())).extracting(m -> m.name()).contains("train_loss", "val_accuracy");
            });
            // Synthetic classes are easy: at least one configuration must learn them.
            assertThat(trials).anySatisfy(t -> assertThat(t.result().get("test_accuracy")).isGreaterThan(0.8));
            assertThat(store.proposals().forQuestion(q.id())).hasSize(2).allSatisfy(p -> {
                assertThat(p.status()).isEqualTo(ProposalStatus.APPROVED);
                assertThat(store.decisions().forProposal(p.id())).extracting(d -> d.verdict()).containsExactly(Verdict.APPROVE);
            });
            try (Connection c = store.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS")) {
                rs.next();
                assertThat(rs.getInt(1)).as("finished trial and tick jobs are removed from Quartz").isZero();
            }
        }

        // The trained network is kept with each trial: its parameters and its first layer's weights as an image.
        String[] trial = execute("--config", config.toString(), "trial", "1");
        assertThat(trial[0]).as(trial[2]).isEqualTo("0");
        assertThat(trial[1]).contains("first-layer-weights.png").contains("image")
                .contains("network.params").contains("checkpoint");

        String[] status = execute("--config", config.toString(), "status", "--json");
        assertThat(status[0]).isEqualTo("0");
        JsonNode json = new ObjectMapper().readTree(status[1]);
        JsonNode question = json.get("questions").get(0);
        assertThat(question.get("status").asText()).isEqualTo("DONE");
        assertThat(question.get("trials")).hasSize(2);
        assertThat(question.get("best").get("metrics").has("test_accuracy")).isTrue();
    }

    @Test
    void unknownPluginIsAUsageErrorWithExitCodeTwo() throws Exception {
        Path config = writeConfig();
        String[] run = execute("--config", config.toString(), "run", "--plugin", "no-such-plugin");
        assertThat(run[0]).isEqualTo("2");
        assertThat(run[2]).contains("no plugin named 'no-such-plugin'").contains("mnist-mlp");
    }

    @Test
    void badConfigIsAUsageErrorNamingTheKey() throws Exception {
        Path config = home.resolve("bad.yaml");
        Files.writeString(config, "workers:\n  cuont: 2\n");
        String[] run = execute("--config", config.toString(), "status");
        assertThat(run[0]).isEqualTo("2");
        assertThat(run[2]).contains("unknown key 'cuont'").contains("bad.yaml");
    }

    private static Store openStore(Path home) {
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        return Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password());
    }
}
