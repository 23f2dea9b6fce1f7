package io.nightshift.agent.planner.llm;

import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.ProposedExperiment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where proposals a language model wrote are made safe to store and show, before the
 * loop, the logs or another planner see them: credentials are redacted from every piece of text
 * (rationale, hypothesis, rejection reason, string parameter values), and free text is capped
 * ({@link TextLimit#PROPOSAL_TEXT}). The model's raw text is already redacted by {@link ModelGateway};
 * this catches what only appears once the JSON is decoded (a key written with {@code \}u escapes).
 */
final class ModelOutput {

    private final Redactor redactor;

    ModelOutput(Redactor redactor) {
        this.redactor = redactor;
    }

    Planned clean(Planned planned) {
        ProposedExperiment e = planned.experiment();
        boolean accepted = planned.isAccepted();
        Map<String, Object> params = new LinkedHashMap<>();
        e.parameters().forEach((name, value) -> params.put(text(name, accepted), value instanceof String s ? text(s, accepted) : value));
        ProposedExperiment clean = new ProposedExperiment(params, text(e.rationale(), false), text(e.hypothesis(), false));
        return accepted ? Planned.accepted(clean, planned.planner())
                : Planned.rejected(clean, planned.planner(), text(planned.rejectedBecause(), false));
    }

    /**
     * @param exact true for what passed validation and will run: redacted (the loop validates it again,
     *              so a redacted value is refused there) but never shortened
     */
    private String text(String s, boolean exact) {
        String redacted = redactor.redact(s);
        return exact ? redacted : TextLimit.cap(redacted, TextLimit.PROPOSAL_TEXT);
    }
}
