package io.nightshift.agent.study.findings;

import io.nightshift.agent.planner.llm.ModelGateway;
import io.nightshift.agent.planner.llm.Prompt;
import io.nightshift.plugin.Objective;
import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A language model's paragraph on top of the computed findings, checked before it is kept. The model is given
 * the computed findings only (never the raw trials), asked for a short paragraph that cites trial ids and quotes
 * no number that is not in them; its answer is split into sentences, each a claim checked by
 * {@link FindingsCheck}. The sentences that pass become one finding (kind {@code prose}, source {@code model});
 * each that fails is kept apart as its own finding, flagged with the reason, so a person sees what the model said
 * and why it was refused. A failed call or a reached cost cap means no prose: the computed findings stand alone.
 */
public final class FindingsProse {

    /** The {@code llm_call} purpose of these calls. */
    public static final String PURPOSE = "findings";
    public static final String KIND = "prose";
    public static final String SOURCE = "model";

    private static final Logger log = LoggerFactory.getLogger(FindingsProse.class);

    private final ModelGateway gateway;

    public FindingsProse(ModelGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * @param computed the computed findings of the question (the prose is about these)
     * @param facts    what the data say ({@link FindingsWriter#facts}); the computed findings' numbers included
     * @return the model's checked prose; empty when the call failed, the cap was reached or the answer was empty
     */
    public List<Finding.New> write(long questionId, String question, Objective objective, List<Finding.New> computed,
            FindingsCheck.Facts facts) {
        if (computed.isEmpty()) {
            return List.of();
        }
        ModelGateway.Reply reply;
        try {
            reply = gateway.ask(questionId, PURPOSE, prompt(question, objective, computed), null);
        } catch (ModelGateway.CostCapReached | ModelGateway.CallFailed e) {
            log.warn("no prose findings for question #{}: {}", questionId, e.getMessage());
            return List.of();
        }
        String text = reply.text().strip();
        if (text.isEmpty()) {
            gateway.noteProblem(reply.callId(), "answer not usable: empty");
            return List.of();
        }
        List<String> passed = new ArrayList<>();
        List<Finding.New> flagged = new ArrayList<>();
        for (String sentence : sentences(text)) {
            Finding.New claim = claim(sentence, facts);
            Optional<String> problem = FindingsCheck.problem(claim, facts);
            if (problem.isPresent()) {
                flagged.add(new Finding.New(KIND, sentence, claim.citedTrials(), claim.numbers(), SOURCE, problem.get()));
            } else {
                passed.add(sentence);
            }
        }
        if (!flagged.isEmpty()) {
            gateway.noteProblem(reply.callId(), flagged.size() + " claim(s) failed the findings check: "
                    + String.join("; ", flagged.stream().map(Finding.New::flagged).toList()));
        }
        List<Finding.New> findings = new ArrayList<>();
        if (!passed.isEmpty()) {
            Finding.New claim = claim(String.join(" ", passed), facts);
            findings.add(new Finding.New(KIND, claim.text(), claim.citedTrials(), claim.numbers(), SOURCE, null));
        }
        findings.addAll(flagged);
        return findings;
    }

    /** A claim as a finding: the trials its text cites, and each number it quotes with the fact it matches. */
    static Finding.New claim(String text, FindingsCheck.Facts facts) {
        Set<Long> cited = new LinkedHashSet<>(FindingsCheck.trialReferences(text));
        Map<String, Double> numbers = new LinkedHashMap<>();
        for (FindingsCheck.Quoted q : FindingsCheck.quotedNumbers(text, facts.literals())) {
            facts.values().entrySet().stream().filter(e -> q.matches(e.getValue())).findFirst()
                    .ifPresent(e -> numbers.put(e.getKey(), e.getValue()));
        }
        return new Finding.New(KIND, text, List.copyOf(cited), numbers, SOURCE, null);
    }

    static Prompt prompt(String question, Objective objective, List<Finding.New> computed) {
        String system = """
                You write the findings paragraph of a research report on deep-learning experiments.
                Use only the findings given; they were computed from the data. Write one short paragraph (at most
                five sentences) of plain text for a researcher: what the study found, how sure it is, and what it
                leaves open. Cite the trials each statement rests on as "trial #N", using only ids that appear in
                the findings. Quote numbers exactly as they are written in the findings and introduce no other
                numbers (no new averages, percentages, ratios or differences); write numbers without thousands
                separators. Where the findings say a difference is inside the noise, do not call it an improvement.
                No markdown, no lists, no JSON.""";
        StringBuilder user = new StringBuilder();
        user.append("Question: ").append(question).append('\n');
        user.append("Objective: ").append(objective.direction() == Objective.Direction.MAXIMIZE ? "maximise " : "minimise ")
                .append(objective.metric()).append(" (a validation metric)\n\n");
        user.append("Findings computed from the data:\n");
        int i = 1;
        for (Finding.New f : computed) {
            if (f.flagged() != null) {
                continue;
            }
            user.append(i++).append(". [").append(f.kind()).append("] ").append(f.text()).append('\n');
        }
        user.append("\nWrite the paragraph now.");
        return new Prompt(system, user.toString());
    }

    /** Sentences: split after '.', '!' or '?' followed by a space and a capital letter or an opening bracket. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.strip().split("(?<=[.!?])\\s+(?=[\\p{Lu}(\\[\"'])")) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
