package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The median rule on real workers: trials whose curves trail the completed ones are stopped and kept. */
class PruningTest {

    @TempDir
    Path home;

    @Test
    void trailingTrialsArePrunedWithTheirRuleAndPartialCurve() throws Exception {
        Path config = home.resolve("nightshift.yaml");
        Files.writeString(config, """
                home: %s
                workers:
                  heap-mb: 256
                  heartbeat-seconds: 1
                loop:
                  tick-seconds: 1
                """.formatted(home));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // Run in this order, one at a time: four good curves complete, then two poor ones meet the rule.
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("--config",
                config.toString(), "run", "--plugin", "curves", "--sweep", "x=0.9,0.8,0.7,0.6,0.1,0.2", "--seeds", "1",
                "--trial-budget", "20", "--workers", "1", "--prune", "median");

        assertThat(code).as("stdout %s%nstderr %s", out, err).isZero();
        assertThat(out.toString()).contains("pruning: median").contains("pruned");
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        try (Store store = Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password())) {
            List<Trial> trials = store.trials().forQuestion(1);
            assertThat(trials).hasSize(6);
            assertThat(trials.subList(0, 4)).allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
            assertThat(trials.subList(4, 6)).allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(TrialStatus.PRUNED);
                assertThat(t.error()).contains("pruned at epoch 2 by the median rule");
                assertThat(store.metrics().forTrial(t.id())).as("its partial curve is kept")
                        .hasSizeBetween(2, 5);
            });
        }
    }
}
