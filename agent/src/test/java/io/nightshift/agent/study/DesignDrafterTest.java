package io.nightshift.agent.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.llm.LlmServices;
import io.nightshift.agent.planner.llm.ModelStub;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A language model turns a free-text question into a design, through the real OpenAI-compatible client. */
class DesignDrafterTest {

    @TempDir
    Path temp;

    private Store store;

    @BeforeEach
    void open() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Optional<StudyDesign> draft(String answer) {
        try (ModelStub stub = new ModelStub(ModelStub.Flavour.OPENAI).answer(answer)) {
            LlmServices services = LlmServices.create(stub.config(), store, Map.of());
            return new DesignDrafter(services.gateway()).draft(StudyPlannerTest.PLUGIN,
                    "How does the error change with the width?");
        }
    }

    @Test
    void aValidAnswerBecomesAValidatedDesign() {
        Optional<StudyDesign> design = draft("""
                Sure. {"kind": "sweep", "factor": "width", "values": [2, 8, 32], "fixed": {"norm": "batch"}, "seeds": 2}""");

        assertThat(design).contains(new StudyDesign.Sweep("width", List.of(2, 8, 32), Map.of("norm", "batch"), 2, 0));
        assertThat(store.llmCalls().outsideQuestions()).extracting(LlmCall::purpose).containsExactly("design");
    }

    @Test
    void aDesignOutsideTheSpaceIsSentBackOnceWithTheReasonsThenGivenUp() {
        Optional<StudyDesign> design = draft("""
                {"kind": "sweep", "factor": "depth", "values": [1, 2, 3]}""");

        assertThat(design).isEmpty();
        List<LlmCall> calls = store.llmCalls().outsideQuestions();
        assertThat(calls).extracting(LlmCall::purpose).containsExactly("design", "design re-ask");
        assertThat(calls).allSatisfy(c -> assertThat(c.error()).contains("'depth' is not a parameter"));
        assertThat(calls.get(1).prompt()).contains("Your previous design could not be used");
    }
}
