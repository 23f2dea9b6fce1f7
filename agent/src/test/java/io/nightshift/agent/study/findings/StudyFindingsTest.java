package io.nightshift.agent.study.findings;

import static io.nightshift.agent.study.findings.StudyData.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.llm.LlmServices;
import io.nightshift.agent.planner.llm.ModelStub;
import io.nightshift.agent.query.StudyQueries;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings written to a real H2 store, and a language model's prose through the real client against a stub. */
class StudyFindingsTest {

    static final Objective ACCURACY = Objective.maximize("val_accuracy");
    static final StudyDesign.Compare DESIGN = new StudyDesign.Compare(List.of(
            new StudyDesign.Arm("batchnorm", params("batch_norm", true)),
            new StudyDesign.Arm("plain", params("batch_norm", false))), Map.of("hidden_width", 128), 3, 0);

    @TempDir
    Path temp;
    Store store;
    Question question;
    ModelStub stub;

    /** A completed (or, with a null value, failed) trial placed in a cell. */
    static Trial trial(Store store, Question q, String cell, int replicate, Map<String, Object> params, Double value) {
        Proposal p = store.proposals().create(q.id(), params, "design", null, null,
                new Placement(cell, replicate, 1000L + replicate));
        Trial t = store.trials().create(q.id(), p.id(), 1, 1000L + replicate);
        store.trials().markRunning(t.id(), "test", Instant.now());
        if (value == null) {
            store.trials().fail(t.id(), "crashed", Instant.now());
        } else {
            store.trials().complete(t.id(), value, Map.of("val_accuracy", value), Instant.now());
        }
        return t;
    }

    /** Trials 1-3 plain, 4-6 batchnorm, 7 failed; trial 8 belongs to another question. */
    static Question fill(Store store) {
        Question q = store.questions().create("mnist-mlp", "Does batch norm help?", "design", 7, 30, 1);
        double[] plain = {0.951, 0.948, 0.953};
        double[] bn = {0.972, 0.969, 0.971};
        for (int i = 0; i < 3; i++) {
            trial(store, q, "plain", i, params("batch_norm", false, "hidden_width", 128), plain[i]);
        }
        for (int i = 0; i < 3; i++) {
            trial(store, q, "batchnorm", i, params("batch_norm", true, "hidden_width", 128), bn[i]);
        }
        trial(store, q, "plain", 3, params("batch_norm", false, "hidden_width", 128), null);
        Question other = store.questions().create("mnist-mlp", "Another question", "tpe", 1, 30, 1);
        trial(store, other, null, 0, params("hidden_width", 64), 0.99);
        return q;
    }

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        question = fill(store);
    }

    @AfterEach
    void tearDown() {
        if (stub != null) {
            stub.close();
        }
        store.close();
    }

    @Test
    void observationsAreTheCompletedTrialsWithTheirCells() {
        List<Observation> observations = new StudyQueries(store).observations(question.id());

        assertThat(observations).extracting(Observation::trialId).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(observations.get(3).cell()).isEqualTo("batchnorm");
        assertThat(observations.get(3).seed()).isEqualTo(1000L);
        assertThat(observations.get(3).value()).isEqualTo(0.972);
        assertThat(new StudyQueries(store).trialIds(question.id())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void computedFindingsAreStoredAndWritingAgainReplacesThem() {
        List<Finding> first = new StudyFindings(store).write(question, DESIGN, ACCURACY);
        List<Finding> second = new StudyFindings(store).write(question, DESIGN, ACCURACY);

        assertThat(second).hasSameSizeAs(first);
        assertThat(store.findings().forQuestion(question.id())).hasSize(3).allSatisfy(f -> {
            assertThat(f.source()).isEqualTo("data");
            assertThat(f.flagged()).isNull();
        });
        assertThat(second.get(0).text()).startsWith("batchnorm beats plain by 0.0200 ± ");
        assertThat(second.get(0).citedTrials()).containsExactly(4L, 5L, 6L, 1L, 2L, 3L);
    }

    private LlmServices model(String... answers) {
        stub = new ModelStub(ModelStub.Flavour.OPENAI);
        for (String a : answers) {
            stub.answer(a);
        }
        return LlmServices.create(stub.config(), store, Map.of());
    }

    @Test
    void theModelsProseIsCheckedAndStoredOnTop() {
        LlmServices services = model("Batch normalisation helps: batchnorm reached 0.9707 against 0.9507 for plain"
                + " (trials #4, #5, #6 and #1, #2, #3). The gain of 0.0200 is beyond the seed noise.");

        List<Finding> stored = new StudyFindings(store).write(question, DESIGN, ACCURACY,
                new FindingsProse(services.gateway()));

        Finding prose = stored.get(stored.size() - 1);
        assertThat(prose.source()).isEqualTo("model");
        assertThat(prose.kind()).isEqualTo("prose");
        assertThat(prose.flagged()).isNull();
        assertThat(prose.citedTrials()).containsExactly(4L, 5L, 6L, 1L, 2L, 3L);
        assertThat(prose.numbers()).hasSize(3);
        LlmCall call = store.llmCalls().forQuestion(question.id()).get(0);
        assertThat(call.purpose()).isEqualTo("findings");
        assertThat(call.prompt()).contains("Does batch norm help?").contains("maximise val_accuracy")
                .contains("[verdict] batchnorm beats plain by 0.0200").contains("Cite the trials");
        assertThat(call.error()).isNull();
    }

    @Test
    void aClaimCitingAForgedTrialOrNumberIsFlaggedAndKeptApart() {
        LlmServices services = model("Batch normalisation helps (trials #4, #5, #6). Trial #8 even reached 0.99."
                + " With more seeds batchnorm would reach 0.9999 (trial #5). Trial #999 agrees.");

        List<Finding> stored = new StudyFindings(store).write(question, DESIGN, ACCURACY,
                new FindingsProse(services.gateway()));

        List<Finding> model = stored.stream().filter(f -> f.source().equals("model")).toList();
        assertThat(model).hasSize(4);
        assertThat(model.get(0).text()).isEqualTo("Batch normalisation helps (trials #4, #5, #6).");
        assertThat(model.get(0).flagged()).isNull();
        assertThat(model.get(1).text()).isEqualTo("Trial #8 even reached 0.99.");
        assertThat(model.get(1).flagged()).isEqualTo("cites trial #8, which is not a trial of this question;"
                + " quotes 0.99, which matches no value of the data");
        assertThat(model.get(2).flagged()).isEqualTo("quotes 0.9999, which matches no value of the data");
        assertThat(model.get(3).flagged()).isEqualTo("cites trial #999, which is not a trial of this question");
        assertThat(store.llmCalls().forQuestion(question.id()).get(0).error())
                .startsWith("3 claim(s) failed the findings check: cites trial #8");
        assertThat(stored.stream().filter(f -> f.source().equals("data"))).hasSize(3);
    }

    @Test
    void aFailedCallLeavesTheComputedFindingsAlone() {
        stub = new ModelStub(ModelStub.Flavour.OPENAI).status(500, "{\"error\": \"down\"}");
        LlmServices services = LlmServices.create(stub.config(), store, Map.of());

        List<Finding> stored = new StudyFindings(store).write(question, DESIGN, ACCURACY,
                new FindingsProse(services.gateway()));

        assertThat(stored).hasSize(3).allSatisfy(f -> assertThat(f.source()).isEqualTo("data"));
        assertThat(store.llmCalls().forQuestion(question.id())).singleElement()
                .satisfies(c -> assertThat(c.error()).isNotNull());
    }
}
