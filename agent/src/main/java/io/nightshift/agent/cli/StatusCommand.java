package io.nightshift.agent.cli;

import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.query.TrialQueries;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.query.StudyQueries;
import io.nightshift.agent.terminal.TerminalJson;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reads the store and shows questions, their trials, the best so far and, for a question that has them, its
 * findings. Safe while 'run' runs. A
 * question whose plugin is no longer installed is shown from the store alone (noted as such).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the trials of the latest question (or --question N, or --all) and the best so far.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--curves", description = "With --json: every trial's learning curves (all reported points).")
    boolean curves;

    @Option(names = "--question", paramLabel = "ID", description = "Show this question (default: the latest).")
    Long questionId;

    @Option(names = "--all", description = "Show every question.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        NightshiftConfig config = root.config();
        PluginRegistry plugins = PluginRegistry.load(config);
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = Stores.open(config)) {
            StudyQueries queries = new StudyQueries(store);
            List<Question> questions = select(store);
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (Question q : questions) {
                    Map<String, Object> entry = asJson(q, store.trials().forQuestion(q.id()), descriptor(plugins, q));
                    entry.put("llm", spendAsJson(store.llmCalls().spend(q.id())));
                    entry.put("findings", FindingsView.asJson(queries.findings(q.id())));
                    if (curves) {
                        TrialQueries trialQueries = new TrialQueries(store);
                        @SuppressWarnings("unchecked")
                        List<Map<String, Object>> rows = (List<Map<String, Object>>) entry.get("trials");
                        for (Map<String, Object> row : rows) {
                            row.put("curves", TrialCommand.curvesAsJson(trialQueries.curves((Long) row.get("id"))));
                        }
                    }
                    list.add(entry);
                }
                // The URL without its password; escapes that keep the JSON as it is but safe to print.
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("database", store.displayUrl());
                doc.put("questions", list);
                out.println(TerminalJson.mapper().writeValueAsString(doc));
            } else if (questions.isEmpty()) {
                out.println("No questions yet. Start one with: nightshift run --plugin mnist-mlp");
            } else {
                for (Question q : questions) {
                    PluginDescriptor plugin = descriptor(plugins, q);
                    out.printf("%nQuestion #%d [%s] %s%s, planner %s, %d trials of %d s%n", q.id(),
                            q.status().name().toLowerCase(java.util.Locale.ROOT), TerminalText.safe(q.pluginId()),
                            plugin == null ? " (plugin not installed)" : "", TerminalText.safe(q.planner()),
                            q.maxTrials(), q.trialBudgetSeconds());
                    new ResultsTable(plugin).print(out, store, q);
                    printSpend(out, store.llmCalls().spend(q.id()));
                    var findings = queries.findings(q.id());
                    if (!findings.isEmpty()) {
                        FindingsView.print(out, findings);
                    }
                }
            }
            out.flush();
        }
        return 0;
    }

    /** The question's plugin, or null when it is not installed: its past questions are shown from the store anyway. */
    private static PluginDescriptor descriptor(PluginRegistry plugins, Question q) {
        return plugins.find(q.pluginId()).map(io.nightshift.plugin.Plugin::descriptor).orElse(null);
    }

    /** One line on what the question's language-model calls cost; nothing when it made none. */
    static void printSpend(PrintWriter out, LlmCall.Spend spend) {
        if (spend.calls() == 0) {
            return;
        }
        out.printf(java.util.Locale.ROOT, "Language model: %d call(s) (%d failed), %d tokens in, %d out, estimated cost %.4f%n",
                spend.calls(), spend.failed(), spend.tokensIn(), spend.tokensOut(), spend.estimatedCost());
    }

    private static Map<String, Object> spendAsJson(LlmCall.Spend spend) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", spend.calls());
        m.put("failed", spend.failed());
        m.put("tokensIn", spend.tokensIn());
        m.put("tokensOut", spend.tokensOut());
        m.put("estimatedCost", spend.estimatedCost());
        return m;
    }

    private List<Question> select(Store store) {
        List<Question> questions = new ArrayList<>(store.questions().all());
        questions.sort(Comparator.comparingLong(Question::id));
        if (questionId != null) {
            return List.of(store.questions().find(questionId)
                    .orElseThrow(() -> new UsageException("no question #" + questionId + "; 'nightshift status --all' lists them")));
        }
        // Questions that ran or run: candidates and queued ones have no trials ('nightshift questions' lists them).
        questions.removeIf(q -> q.status() == QuestionStatus.CANDIDATE || q.status() == QuestionStatus.QUEUED);
        if (all || questions.isEmpty()) {
            return questions;
        }
        // The one being worked on, else the latest that ran.
        return List.of(questions.stream().filter(q -> q.status() == QuestionStatus.ACTIVE).reduce((a, b) -> b)
                .orElse(questions.get(questions.size() - 1)));
    }

    /** {@code plugin} null: not installed; the objective and the best are then null, the trials are all there. */
    private static Map<String, Object> asJson(Question q, List<Trial> trials, PluginDescriptor plugin) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("plugin", q.pluginId());
        m.put("text", q.text());
        m.put("status", q.status().name());
        m.put("planner", q.planner());
        m.put("maxTrials", q.maxTrials());
        m.put("trialBudgetSeconds", q.trialBudgetSeconds());
        m.put("pluginInstalled", plugin != null);
        m.put("objective", plugin == null ? null
                : Map.of("metric", plugin.objective().metric(), "direction", plugin.objective().direction().name()));
        List<Map<String, Object>> rows = new ArrayList<>();
        trials.forEach(t -> rows.add(trialAsJson(t)));
        m.put("trials", rows);
        m.put("best", plugin == null ? null
                : ResultsTable.best(trials, plugin.objective()).map(StatusCommand::trialAsJson).orElse(null));
        return m;
    }

    private static Map<String, Object> trialAsJson(Trial t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("proposalId", t.proposalId());
        m.put("attempt", t.attempt());
        m.put("status", t.status().name());
        m.put("params", t.params());
        m.put("objective", t.objectiveValue());
        m.put("metrics", t.result());
        m.put("error", t.error());
        m.put("startedAt", t.startedAt() == null ? null : t.startedAt().toString());
        m.put("finishedAt", t.finishedAt() == null ? null : t.finishedAt().toString());
        return m;
    }
}
