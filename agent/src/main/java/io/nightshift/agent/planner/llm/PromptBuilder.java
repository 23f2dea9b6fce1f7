package io.nightshift.agent.planner.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.PlanningContext.PastTrial;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.PluginDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the prompt: the question, the plugin's brief and search space, a compact history table
 * (best first, then the most recent), earlier rejections with reasons, the budget left, feedback on
 * the previous answer of this round, and the answer format (JSON Schema generated from the space).
 * Only what is in the {@link PlanningContext} is used, so test metrics cannot reach the prompt.
 */
public final class PromptBuilder {

    static final int MAX_REJECTIONS_SHOWN = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int historyRows;

    /** @param historyRows most rows of the history table; half go to the best trials, the rest to the most recent */
    public PromptBuilder(int historyRows) {
        this.historyRows = Math.max(1, historyRows);
    }

    /**
     * @param count    how many proposals to ask for
     * @param feedback what was wrong with earlier answers in this round (empty on the first ask)
     */
    public Prompt build(PlanningContext context, int count, List<String> feedback) {
        PluginDescriptor plugin = context.plugin();
        Objective objective = plugin.objective();
        String system = """
                You are a careful machine-learning researcher planning experiments for an automated research loop.
                You propose hyperparameter configurations to run next; each one is trained and scored on the \
                validation metric, and you will see the results in later rounds. Propose configurations that are \
                informative for the research question: exploit what worked, but also test alternatives when the \
                evidence is thin. Never repeat a configuration that was already run, is running, or was rejected. \
                Every value must lie inside the search space. Each proposal needs a short rationale and a \
                falsifiable hypothesis: a concrete prediction about %s that the trial's result can refute.
                Answer with a single JSON object and nothing else.""".formatted(objective.metric());

        StringBuilder u = new StringBuilder();
        u.append("Research question: ").append(context.question()).append("\n\n");
        u.append("Experiment family: ").append(plugin.id()).append("\n").append(plugin.modelBrief().strip()).append("\n\n");
        u.append("Objective: ").append(objective.direction().name().toLowerCase(Locale.ROOT)).append(' ')
                .append(objective.metric()).append(" (a validation metric).\n\n");
        u.append("Search space:\n");
        for (Parameter p : plugin.searchSpace().parameters()) {
            u.append("- ").append(describe(p)).append('\n');
        }
        u.append('\n');
        history(u, context);
        if (!context.pending().isEmpty()) {
            u.append("Already approved or running (do not repeat):\n");
            context.pending().forEach(p -> u.append("- ").append(json(p)).append('\n'));
            u.append('\n');
        }
        if (!context.rejected().isEmpty()) {
            List<PlanningContext.Rejection> rejected = context.rejected();
            List<PlanningContext.Rejection> shown = shownRejections(rejected);
            u.append("Rejected earlier (").append(rejected.size()).append(" in all; ").append(shown.size())
                    .append(" shown: the latest, a reviewer's first; do not repeat them or their mistakes, and take a")
                    .append(" reviewer's reason as an instruction for what to propose):\n");
            shown.forEach(r -> u.append("- ").append(json(r.parameters())).append(": ")
                    .append(r.rejectedBy().isBlank() ? "" : "rejected by reviewer " + oneLine(r.rejectedBy()) + ": ")
                    .append(oneLine(r.reason())).append('\n'));
            u.append('\n');
        }
        u.append("Budget: ").append(context.trialsLeft()).append(" experiment(s) left for this question.\n\n");
        if (!feedback.isEmpty()) {
            u.append("Your previous answer in this round had problems; the valid proposals were kept. Problems:\n");
            feedback.forEach(f -> u.append("- ").append(oneLine(f)).append('\n'));
            u.append('\n');
        }
        u.append("Propose exactly ").append(count).append(" new experiment(s). Answer with one JSON object, no prose and no")
                .append(" code fences, matching this JSON Schema:\n")
                .append(ProposalSchema.jsonSchemaText(plugin.searchSpace())).append("\n")
                .append("That is: {\"proposals\": [{\"parameters\": {")
                .append(String.join(", ", plugin.searchSpace().names().stream().map(n -> "\"" + n + "\": ...").toList()))
                .append("}, \"rationale\": \"why this is worth running\", \"hypothesis\": \"what ")
                .append(objective.metric()).append(" will show, and what would refute it\"}]}\n");
        return new Prompt(system, u.toString());
    }

    /**
     * The last {@value #MAX_REJECTIONS_SHOWN} rejections in their order, those a reviewer made kept before the
     * validator's (a model that repeats itself must not push a person's reason out of the prompt).
     */
    static List<PlanningContext.Rejection> shownRejections(List<PlanningContext.Rejection> rejected) {
        java.util.Set<PlanningContext.Rejection> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = rejected.size() - 1; i >= 0 && keep.size() < MAX_REJECTIONS_SHOWN; i--) {
            if (!rejected.get(i).rejectedBy().isBlank()) {
                keep.add(rejected.get(i));
            }
        }
        for (int i = rejected.size() - 1; i >= 0 && keep.size() < MAX_REJECTIONS_SHOWN; i--) {
            keep.add(rejected.get(i));
        }
        return rejected.stream().filter(keep::contains).toList();
    }

    private void history(StringBuilder u, PlanningContext context) {
        List<PastTrial> history = context.history();
        if (history.isEmpty()) {
            u.append("History: no experiments have finished yet.\n\n");
            return;
        }
        Objective objective = context.plugin().objective();
        Comparator<PastTrial> best = (a, b) -> objective.isBetter(a.objective(), b.objective()) ? -1
                : objective.isBetter(b.objective(), a.objective()) ? 1 : 0;
        Set<Integer> rows = new LinkedHashSet<>();
        List<Integer> byObjective = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (!Double.isNaN(history.get(i).objective())) {
                byObjective.add(i);
            }
        }
        byObjective.sort((a, b) -> best.compare(history.get(a), history.get(b)));
        int bestRows = Math.max(1, historyRows / 2);
        byObjective.stream().limit(bestRows).forEach(rows::add);
        for (int i = history.size() - 1; i >= 0 && rows.size() < historyRows; i--) {
            rows.add(i);
        }
        u.append("History (").append(history.size()).append(" finished; ").append(rows.size())
                .append(" shown: best first, then the most recent):\n");
        u.append("| # | status | ").append(objective.metric()).append(" | learning curve | parameters | notes |\n");
        u.append("|---|---|---|---|---|---|\n");
        for (int i : rows) {
            PastTrial t = history.get(i);
            List<String> notes = new ArrayList<>();
            if (!t.hypothesis().isBlank()) {
                notes.add("hypothesis: " + shorten(t.hypothesis(), 120));
            }
            t.reviews().stream().filter(r -> r.reason() != null && !r.reason().isBlank())
                    .forEach(r -> notes.add(r.actor() + " " + r.verdict().toLowerCase(Locale.ROOT) + ": " + shorten(r.reason(), 120)));
            u.append("| ").append(i + 1).append(" | ").append(t.status()).append(" | ")
                    .append(Double.isNaN(t.objective()) ? "-" : String.format(Locale.ROOT, "%.4g", t.objective()))
                    .append(" | ").append(t.curve().summary()).append(" | ").append(json(t.parameters()))
                    .append(" | ").append(oneLine(String.join("; ", notes))).append(" |\n");
        }
        u.append('\n');
    }

    static String describe(Parameter p) {
        String text;
        if (p instanceof Parameter.FloatParameter f) {
            text = String.format(Locale.ROOT, "%s: number in [%s, %s]%s", f.name(), f.low(), f.high(), f.log() ? ", log scale" : "");
        } else if (p instanceof Parameter.IntParameter i) {
            text = String.format(Locale.ROOT, "%s: integer in [%d, %d]%s", i.name(), i.low(), i.high(), i.log() ? ", log scale" : "");
        } else if (p instanceof Parameter.CategoricalParameter c) {
            text = c.name() + ": one of " + json(c.choices());
        } else {
            text = p.name();
        }
        return p.condition() == null ? text : text + " (" + ProposalSchema.conditionText(p.condition()) + ")";
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof Map<?, ?> m ? m : value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").replace("|", "/").strip();
    }

    private static String shorten(String s, int max) {
        String line = oneLine(s);
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
