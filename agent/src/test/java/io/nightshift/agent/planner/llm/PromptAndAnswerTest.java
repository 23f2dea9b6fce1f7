package io.nightshift.agent.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.plugin.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The prompt builder, the schema and the answer parser on their own. */
class PromptAndAnswerTest {

    static final SearchSpace SPACE = LlmPlannerClientsTest.PLUGIN.searchSpace();
    final AnswerParser parser = new AnswerParser();

    @Test
    void schemaCarriesRangesEnumsAndRequiredParameters() {
        JsonNode params = ProposalSchema.jsonSchema(SPACE).at("/properties/proposals/items/properties/parameters");
        assertThat(params.at("/properties/lr/minimum").asDouble()).isEqualTo(1e-4);
        assertThat(params.at("/properties/width/type").asText()).isEqualTo("integer");
        assertThat(params.at("/properties/activation/enum").toString()).isEqualTo("[\"relu\",\"tanh\"]");
        assertThat(params.get("required").toString()).isEqualTo("[\"lr\",\"width\",\"activation\"]");
        assertThat(params.get("additionalProperties").asBoolean()).isFalse();
        assertThat(ProposalSchema.langchainSchema(SPACE).name()).isEqualTo("proposals");
    }

    @Test
    void promptShowsBestThenRecentHistoryRejectionsAndBudget() {
        List<PlanningContext.PastTrial> history = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(new PlanningContext.PastTrial(Map.of("lr", 0.001 * (i + 1), "width", 32, "activation", "relu"),
                    "COMPLETED", 0.5 + i % 3 * 0.1,
                    new PlanningContext.LearningCurve(3, 0.4, 0.5 + i % 3 * 0.1, 2, 0.5, 3), "h" + i,
                    List.of(new PlanningContext.Review("alice", "APPROVE", "looks fine " + i))));
        }
        history.add(new PlanningContext.PastTrial(Map.of("lr", 0.05, "width", 16, "activation", "tanh"), "FAILED", Double.NaN));
        var ctx = new PlanningContext(1, "Does width matter?", LlmPlannerClientsTest.PLUGIN, history,
                List.of(Map.of("lr", 0.02, "width", 99, "activation", "relu")),
                List.of(new PlanningContext.Rejection(Map.of("lr", 9), "llm", "lr: 9.0 is outside [1.0E-4, 0.1]")), 4);

        Prompt p = new PromptBuilder(4).build(ctx, 3, List.of("the answer contained no JSON object"));

        assertThat(p.system()).contains("falsifiable hypothesis").contains("val_accuracy");
        String u = p.user();
        assertThat(u).contains("Research question: Does width matter?").contains("Train a toy MLP")
                .contains("Objective: maximize val_accuracy").contains("activation: one of [\"relu\",\"tanh\"]")
                .contains("History (11 finished; 4 shown: best first, then the most recent)")
                .contains("FAILED").contains("best 0.7000 @e2").contains("alice approve: looks fine")
                .contains("\"width\":99").contains("lr: 9.0 is outside").contains("Budget: 4 experiment(s) left")
                .contains("no JSON object").contains("Propose exactly 3");
        // Best two rows (0.7) come first, then the most recent.
        String table = u.substring(u.indexOf("| # |"));
        assertThat(table.indexOf("| 3 |")).isLessThan(table.indexOf("| 11 |"));
        assertThat(u).doesNotContain("test_accuracy");
    }

    @Test
    void aReviewersRejectionReachesThePromptWithWhoAndWhyAndIsNotPushedOutByRepeats() {
        List<PlanningContext.Rejection> rejected = new java.util.ArrayList<>();
        rejected.add(new PlanningContext.Rejection(Map.of("lr", 0.09, "width", 512, "activation", "relu"), "llm",
                "too wide for this machine; stay under 256", "alice"));
        for (int i = 0; i < 15; i++) {
            rejected.add(new PlanningContext.Rejection(Map.of("lr", 0.001 * (i + 1), "width", 32, "activation", "relu"),
                    "llm", "repeats an experiment that was already run, is running or is approved"));
        }
        var ctx = new PlanningContext(1, "Does width matter?", LlmPlannerClientsTest.PLUGIN, List.of(), List.of(),
                rejected, 4);

        String u = new PromptBuilder(4).build(ctx, 1, List.of()).user();

        assertThat(u).contains("Rejected earlier (16 in all; 10 shown: the latest, a reviewer's first")
                .contains("\"lr\":0.09").contains("}: rejected by reviewer alice: too wide for this machine; stay under 256");
        // The reviewer's rejection keeps its place in time, before the most recent nine repeats.
        assertThat(u.indexOf("rejected by reviewer alice")).isLessThan(u.indexOf("\"lr\":0.015"));
        assertThat(u).doesNotContain("\"lr\":0.006");
    }

    @Test
    void parserFindsJsonInProseAndGivesPerProposalReasons() {
        String text = "Here: [not json] ```json\n{\"proposals\": ["
                + "{\"parameters\": {\"lr\": 0.01, \"width\": 64, \"activation\": \"relu\"}, \"rationale\": \"r\", \"hypothesis\": \"h\"},"
                + "{\"parameters\": {\"lr\": 0.01, \"width\": 64, \"activation\": \"relu\"}, \"rationale\": \"r\", \"hypothesis\": \"h\"},"
                + "{\"parameters\": {\"lr\": 0.02, \"width\": 64, \"activation\": \"relu\"}, \"rationale\": \"r\", \"hypothesis\": \"\"},"
                + "{\"parameters\": {\"lr\": null, \"width\": 64.5, \"activation\": \"relu\"}, \"hypothesis\": \"h\"},"
                + "{\"parameters\": \"lr=0.1\"},"
                + "{\"parameters\": {\"lr\": 0.03, \"width\": 64, \"activation\": \"relu\"}, \"rationale\": \"r\", \"hypothesis\": \"h\"},"
                + "]}\n``` hope this helps";

        AnswerParser.Answer a = parser.parse(text, SPACE, List.of(), 1);

        assertThat(a.problem()).isNull();
        assertThat(a.accepted()).singleElement().satisfies(e -> assertThat(e.parameters()).containsEntry("lr", 0.01));
        assertThat(a.rejected()).extracting(AnswerParser.Rejected::reason).satisfiesExactly(
                r -> assertThat(r).contains("same answer"),
                r -> assertThat(r).contains("no hypothesis"),
                r -> assertThat(r).contains("lr: expected a number").contains("expected an integer"),
                r -> assertThat(r).contains("\"parameters\" is missing or not a JSON object"));
        assertThat(a.ignored()).as("valid, but more than asked for").isEqualTo(1);
    }

    @Test
    void parserReportsAnswersWithoutProposals() {
        assertThat(parser.parse("I cannot help with that.", SPACE, List.of(), 2).problem()).contains("no JSON object");
        assertThat(parser.parse("{\"ideas\": []}", SPACE, List.of(), 2).problem()).contains("no \"proposals\" array");
        assertThat(parser.parse("{\"proposals\": []}", SPACE, List.of(), 2).problem()).contains("empty");
        assertThat(parser.parse("", SPACE, List.of(), 2).problem()).contains("empty");
    }

    @Test
    void redactorRemovesKeysAndAuthorizationHeaders() {
        Redactor r = new Redactor("sk-abc");
        assertThat(r.redact("key sk-abc; Authorization: Bearer xyz.123; {\"api_key\": \"k1\"}; x-api-key=k2"))
                .doesNotContain("sk-abc").doesNotContain("xyz.123").doesNotContain("k1").doesNotContain("k2");
        assertThat(Redactor.none().redact("plain text")).isEqualTo("plain text");
    }

    @Test
    void redactorAlsoFindsTheKeyWrittenWithJsonEscapes() {
        Redactor r = new Redactor("sk-abc/9");
        assertThat(r.redact("a \\u0073k-abc/9 b \\u0073\\u006B-\\u0061bc/9 c sk-abc/9"))
                .isEqualTo("a [REDACTED] b [REDACTED] c [REDACTED]");
        assertThat(r.redact("sk-abd")).isEqualTo("sk-abd");
    }
}
