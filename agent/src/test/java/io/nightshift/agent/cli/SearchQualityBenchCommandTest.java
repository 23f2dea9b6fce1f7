package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchQualityBenchCommandTest {

    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    @Test
    void runsBatchesAndWorkersAndComparesThemWithOneAtATimeAtEqualTrialsAndEqualInformation() throws Exception {
        Path csv = dir.resolve("runs.csv");
        String shown = run("bench", "search-quality", "--no-optuna", "--seeds", "3", "--first-seed", "7", "--budgets", "10,20",
                "--functions", "branin", "--batches", "1,4", "--workers", "4", "--planners", "random,tpe,tpe-rank",
                "--baseline", "tpe-rank", "--csv", csv.toString());
        assertThat(shown).contains("Optuna skipped: --no-optuna")
                .contains("branin / batches of 4 / tpe").contains("branin / 4 workers / tpe")
                .contains("tpe in batches and with workers vs tpe one at a time")
                .contains("With the information they had")
                .contains("tpe vs tpe-rank, paired by seed")
                // batches of 4 at 10 trials: the last batch knew 8, as one at a time's 9th proposal; 4 workers: 7.
                .containsPattern("tpe +4 +@10 vs @9 [0-9.]+ +@20 vs @17 [0-9.]+ +all [0-9.]+ \\(\\d+ worse, \\d+ better\\)")
                .containsPattern("tpe +w4 +@10 vs @7 [0-9.]+ +@20 vs @17 [0-9.]+ +all [0-9.]+")
                .contains("search-quality repeated proposals (ours, all runs): 0");
        // 3 modes x 3 planners x 3 seeds x 2 budgets, seeds from 7, the optimum in every row.
        var rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("function,batch,planner,seed,trials,best,key_of_best,optimum");
        assertThat(rows).hasSize(1 + 3 * 3 * 3 * 2);
        assertThat(rows.stream().skip(1).map(r -> r.split(",")[3]).distinct()).containsExactlyInAnyOrder("7", "8", "9");
        assertThat(rows.stream().skip(1).map(r -> r.split(",")[1]).distinct()).containsExactly("1", "4", "w4");
    }

    @Test
    void aBaselineMustBeOneOfThePlanners() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("bench", "search-quality", "--no-optuna", "--planners", "tpe", "--baseline", "tpe-rank");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--baseline tpe-rank is not among --planners tpe");
    }

    @Test
    void savedOptunaRunsFromOtherSeedsAreRefusedWithTheReason() throws Exception {
        Path saved = Files.writeString(dir.resolve("optuna.json"),
                "{\"version\": \"3.1.0\", \"settings\": \"defaults\", \"first_seed\": 0, \"runs\": {}}");
        String shown = run("bench", "search-quality", "--optuna-results", saved.toString(), "--seeds", "2", "--first-seed", "5",
                "--budgets", "10", "--functions", "branin", "--batches", "1", "--workers", "0", "--planners", "tpe");
        assertThat(shown).contains("Optuna skipped: the Optuna results lack runs from seed 5 (they start at seed 0)");
    }
}
