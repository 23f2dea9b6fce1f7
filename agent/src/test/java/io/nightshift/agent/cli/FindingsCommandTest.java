package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.agent.query.StudyQueries;
import io.nightshift.agent.study.findings.FindingsWriter;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code findings} and the findings block of {@code status}, through the real CLI, on a store filled here. */
class FindingsCommandTest {

    static final StudyDesign.Compare DESIGN = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("batchnorm", Map.of("batch_norm", true)),
            new StudyDesign.Arm("plain", Map.of("batch_norm", false))), Map.of("hidden_width", 128), 3, 0);

    @TempDir
    Path home;

    private Path config() throws Exception {
        return Files.writeString(home.resolve("nightshift.yaml"), "home: " + home + "\n");
    }

    private Store openStore() {
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        return Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password());
    }

    private static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static void trial(Store store, Question q, String cell, int replicate, boolean batchNorm, double value) {
        Proposal p = store.proposals().create(q.id(), Map.of("batch_norm", batchNorm, "hidden_width", 128), "design",
                null, null, new Placement(cell, replicate, 1000L + replicate));
        Trial t = store.trials().create(q.id(), p.id(), 1, 1000L + replicate);
        store.trials().markRunning(t.id(), "test", Instant.now());
        store.trials().complete(t.id(), value, Map.of("val_accuracy", value), Instant.now());
    }

    /**
     * Question 1, answered: a comparison (trials 1-6) with its computed findings and two claims of a model, one
     * flagged (it cites trial 7, of question 2, and quotes hostile text). Question 2 is still active.
     */
    private void fill() {
        try (Store store = openStore()) {
            Question q = store.questions().create("mnist-mlp", "Does batch norm help?", "design", 6, 30, 1);
            double[] plain = {0.951, 0.948, 0.953};
            double[] bn = {0.972, 0.969, 0.971};
            for (int i = 0; i < 3; i++) {
                trial(store, q, "plain", i, false, plain[i]);
            }
            for (int i = 0; i < 3; i++) {
                trial(store, q, "batchnorm", i, true, bn[i]);
            }
            Question other = store.questions().create("mnist-mlp", "What width?", "tpe", 3, 30, 1);
            trial(store, other, null, 0, false, 0.99);
            StudyQueries queries = new StudyQueries(store);
            List<Finding.New> findings = new ArrayList<>(FindingsWriter.write(DESIGN, Objective.maximize("val_accuracy"),
                    queries.observations(q.id()), queries.trialIds(q.id())));
            findings.add(new Finding.New("prose", "Batch normalisation helps (trials #4, #5, #6).", List.of(4L, 5L, 6L),
                    Map.of(), "model", null));
            findings.add(new Finding.New("prose", "Trial #7 reached 0.99 " + StatusCommandTest.HOSTILE, List.of(7L),
                    Map.of(), "model", "cites trial #7, which is not a trial of this question"));
            store.findings().replace(q.id(), findings);
            store.questions().finish(q.id(), Instant.now());
        }
    }

    @Test
    void showsTheLatestAnsweredQuestionsFindingsWithTheFlaggedOnesMarked() throws Exception {
        Path config = config();
        fill();

        String[] r = execute("--config", config.toString(), "findings");

        assertThat(r[0]).as("exit code; stderr: %s", r[2]).isEqualTo("0");
        String out = r[1];
        assertThat(out).startsWith("Question #1 [done] mnist-mlp: Does batch norm help?")
                .contains("Findings (computed from the data; [model]: a language model's prose, checked):")
                .contains("\n  - batchnorm beats plain by 0.0200 ± ")
                .contains("\n  - Arm batchnorm: val_accuracy 0.9707 ± 0.0015 (mean ± sd over 3 seeds; trials #4, #5, #6).")
                .contains("\n  - [model] Batch normalisation helps (trials #4, #5, #6).")
                .contains("\n  ! [FLAGGED: cites trial #7, which is not a trial of this question] [model] Trial #7"
                        + " reached 0.99").contains("\\e]0;pwned\\u0007");
        assertThat(out.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(FindingsView.WIDTH));
        assertThat(out.chars().noneMatch(c -> TerminalText.unsafe((char) c) && c != '\n')).as(out).isTrue();
    }

    @Test
    void jsonKeepsTheFindingsAsStored() throws Exception {
        Path config = config();
        fill();

        String[] r = execute("--config", config.toString(), "findings", "--question", "1", "--json");

        assertThat(r[0]).as("exit code; stderr: %s", r[2]).isEqualTo("0");
        JsonNode doc = new ObjectMapper().readTree(r[1]);
        assertThat(doc.get("question").get("id").asLong()).isEqualTo(1);
        assertThat(doc.get("question").get("status").asText()).isEqualTo("DONE");
        JsonNode findings = doc.get("findings");
        assertThat(findings).hasSize(5);
        assertThat(findings.get(0).get("kind").asText()).isEqualTo("verdict");
        assertThat(findings.get(0).get("source").asText()).isEqualTo("data");
        assertThat(findings.get(0).get("citedTrials")).hasSize(6);
        assertThat(findings.get(0).get("numbers").get("improvement[batchnorm vs plain]").asDouble()).isBetween(0.0199, 0.0201);
        assertThat(findings.get(0).get("flagged").isNull()).isTrue();
        assertThat(findings.get(4).get("flagged").asText()).startsWith("cites trial #7");
        assertThat(findings.get(4).get("text").asText()).endsWith(StatusCommandTest.HOSTILE);
    }

    @Test
    void aQuestionWithoutFindingsAndAMissingQuestionAreSaidSo() throws Exception {
        Path config = config();
        fill();

        String[] active = execute("--config", config.toString(), "findings", "--question", "2");
        assertThat(active[0]).isEqualTo("0");
        assertThat(active[1]).contains("Question #2 [active] mnist-mlp: What width?")
                .contains("No findings yet: they are written when the question is answered.");

        String[] missing = execute("--config", config.toString(), "findings", "--question", "99");
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2]).contains("no question #99");
    }

    @Test
    void withNoAnsweredQuestionThereIsNothingToShow() throws Exception {
        Path config = config();
        try (Store store = openStore()) {
            store.questions().create("mnist-mlp", "What width?", "tpe", 3, 30, 1);
        }

        String[] text = execute("--config", config.toString(), "findings");
        assertThat(text[0]).isEqualTo("0");
        assertThat(text[1]).contains("No answered question yet");

        String[] json = execute("--config", config.toString(), "findings", "--json");
        JsonNode doc = new ObjectMapper().readTree(json[1]);
        assertThat(doc.get("question").isNull()).isTrue();
        assertThat(doc.get("findings")).isEmpty();
    }

    @Test
    void statusShowsAFindingsBlockForAQuestionThatHasThem() throws Exception {
        Path config = config();
        fill();

        String[] all = execute("--config", config.toString(), "status", "--all");
        assertThat(all[0]).as("exit code; stderr: %s", all[2]).isEqualTo("0");
        String first = all[1].substring(0, all[1].indexOf("Question #2 [active]"));
        assertThat(first).contains("Best: trial #4").contains("Findings (computed from the data;")
                .contains("  - batchnorm beats plain by").contains("  ! [FLAGGED: cites trial #7");
        assertThat(all[1].substring(all[1].indexOf("Question #2 [active]"))).doesNotContain("Findings");

        String[] json = execute("--config", config.toString(), "status", "--all", "--json");
        JsonNode questions = new ObjectMapper().readTree(json[1]).get("questions");
        assertThat(questions.get(0).get("findings")).hasSize(5);
        assertThat(questions.get(1).get("findings")).isEmpty();
    }

    @Test
    void wrappingKeepsTheBulletAndIndentsTheRest() {
        assertThat(FindingsView.wrap("  - ", "one two three four", 12)).containsExactly("  - one two", "    three", "    four");
        assertThat(FindingsView.wrap("  - ", "averyveryverylongword x", 12)).containsExactly("  - averyveryverylongword", "    x");
    }
}
