package io.nightshift.agent.study;

import io.nightshift.agent.planner.llm.AnswerParser;
import io.nightshift.agent.planner.llm.ModelGateway;
import io.nightshift.agent.planner.llm.Prompt;
import io.nightshift.agent.planner.llm.ProposalSchema;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.StudyDesign;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a language model to turn a free-text question into a study design. The answer is parsed and validated
 * like any proposal ({@link DesignCodec}, {@link DesignValidator}); an invalid one is sent back once with the
 * reasons. What the model cannot turn into a valid design leaves the question an optimisation of the whole
 * space, and the person sees the design either way before the question runs.
 */
public final class DesignDrafter {

    private static final Logger log = LoggerFactory.getLogger(DesignDrafter.class);
    static final int ASKS = 2;

    private final ModelGateway gateway;

    public DesignDrafter(ModelGateway gateway) {
        this.gateway = gateway;
    }

    /** @return the validated design, or empty when the model gave none that fits the plugin's space */
    public Optional<StudyDesign> draft(PluginDescriptor plugin, String question) {
        List<String> problems = new ArrayList<>();
        for (int ask = 0; ask < ASKS; ask++) {
            ModelGateway.Reply reply;
            try {
                reply = gateway.ask(0, ask == 0 ? "design" : "design re-ask", prompt(plugin, question, problems), null);
            } catch (ModelGateway.CostCapReached | ModelGateway.CallFailed e) {
                log.warn("the language model could not draft a design ({}); the question optimises the whole space",
                        e.getMessage());
                return Optional.empty();
            }
            try {
                var node = AnswerParser.extractJson(reply.text())
                        .orElseThrow(() -> new IllegalArgumentException("the answer holds no JSON object"));
                StudyDesign design = DesignValidator.validate(DesignCodec.fromTree(node), plugin.searchSpace());
                return Optional.of(design);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                gateway.noteProblem(reply.callId(), "design not usable: " + e.getMessage());
            }
        }
        log.warn("the language model's designs did not fit the space ({}); the question optimises the whole space",
                String.join("; ", problems));
        return Optional.empty();
    }

    static Prompt prompt(PluginDescriptor plugin, String question, List<String> problems) {
        String system = """
                You design experiments for nightshift, an automated research agent. Turn the research question \
                into ONE study design and answer with that JSON object only. Kinds:
                {"kind": "sweep", "factor": P, "values": [v1, v2, ...], "fixed": {P: v}, "seeds": 3}
                  one parameter over a list of values; use it for "how does X change with P" questions.
                {"kind": "compare", "arms": [{"name": "A", "params": {P: v}}, {"name": "B", "params": {P: w}}], \
                "fixed": {P: v}, "seeds": 3}
                  two or more arms that differ in the factor under study; use it for "does X beat Y" questions.
                {"kind": "optimise", "fixed": {P: v}, "seeds": 3, "confirm-top": 3}
                  search what is not fixed; use it for "which configuration is best" questions.
                Parameters must be names from the search space and values inside their ranges or choices. \
                Parameters neither fixed nor set by an arm or sweep point take the middle of their range.""";
        StringBuilder user = new StringBuilder();
        user.append("Experiment family: ").append(plugin.id()).append('\n').append(plugin.modelBrief()).append("\n\n");
        user.append("Search space (JSON Schema of one configuration):\n")
                .append(ProposalSchema.jsonSchema(plugin.searchSpace()).path("properties").path("proposals")
                        .path("items").path("properties").path("parameters").toPrettyString()).append("\n\n");
        user.append("Objective: ").append(plugin.objective().direction().name().toLowerCase(java.util.Locale.ROOT))
                .append(' ').append(plugin.objective().metric()).append("\n\n");
        user.append("Research question: ").append(question).append('\n');
        if (!problems.isEmpty()) {
            user.append("\nYour previous design could not be used: ").append(String.join("; ", problems))
                    .append("\nAnswer again with a design that fits the search space.\n");
        }
        return new Prompt(system, user.toString());
    }
}
