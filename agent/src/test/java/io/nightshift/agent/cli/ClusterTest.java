package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.PgSchema;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three controller processes, each with its own home and worker, on one PostgreSQL database: they share one
 * question through Quartz's clustered job store; trials spread over the nodes; nothing runs twice.
 */
class ClusterTest {

    // Kept when it fails: each node's output and logs say where the trials went.
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void threeControllersShareAQuestionAndEveryExperimentRunsOnce() throws Exception {
        List<Process> controllers = new ArrayList<>();
        // Closed in reverse order: the controllers are killed first, then their schema is dropped.
        try (PgSchema schema = PgSchema.create("ns_cluster");
             AutoCloseable killAll = () -> controllers.forEach(Process::destroyForcibly)) {
            String url = schema.url();
            for (int node = 1; node <= 3; node++) {
                Path home = dir.resolve("node-" + node);
                Path config = new TestHome(home).postgresConfig(url, 10, "", "");
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                        "--config", config.toString(), "run", "--plugin", "sleepy", "--question", "Shared?",
                        "--max-trials", "12", "--trial-budget", "4", "--workers", "1"));
                controllers.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(home.resolve("controller.out").toFile()).start());
                // All three start together: one creates the question (the unique key on active questions makes
                // the others continue it), and all are up before the first trials end.
            }
            for (int i = 0; i < controllers.size(); i++) {
                Process p = controllers.get(i);
                assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("controller %d finished", i + 1).isTrue();
                assertThat(p.exitValue()).as("controller %d: %s", i + 1,
                        Files.readString(dir.resolve("node-" + (i + 1)).resolve("controller.out"))).isZero();
            }
            try (Store store = Store.open(url, PgSchema.USER, PgSchema.PASSWORD)) {
                List<io.nightshift.store.Question> ran = store.questions().withStatus(
                        io.nightshift.store.QuestionStatus.ACTIVE, io.nightshift.store.QuestionStatus.DONE);
                assertThat(ran).as("one question, not three").hasSize(1);
                List<Trial> trials = store.trials().forQuestion(ran.get(0).id());
                Map<Long, List<Trial>> byProposal = trials.stream().collect(Collectors.groupingBy(Trial::proposalId));
                assertThat(byProposal).hasSize(12).allSatisfy((proposal, attempts) ->
                        assertThat(attempts).filteredOn(t -> t.status() == TrialStatus.COMPLETED)
                                .as("proposal %d", proposal).hasSize(1));
                Set<String> nodes = trials.stream().map(Trial::worker).collect(Collectors.toSet());
                assertThat(nodes).as("trials ran on several controllers").hasSizeGreaterThanOrEqualTo(2);
            }
        }
    }
}
