package io.nightshift.agent.cli;

import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.study.Studies;
import io.nightshift.agent.study.findings.StudyFindings;
import io.nightshift.agent.query.StudyQueries;
import io.nightshift.agent.terminal.TerminalJson;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Shows what a study found. Reads the store only; safe while 'run' runs. */
@Command(name = "findings", mixinStandardHelpOptions = true,
        description = "Show the findings of the latest answered question (or --question N): verdicts, curves,"
                + " notable points and the trials they rest on.")
final class FindingsCommand implements Callable<Integer> {

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--question", paramLabel = "ID", description = "Show this question (default: the latest answered one).")
    Long questionId;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--rewrite", description = "Compute the findings of an answered question again from the store.")
    boolean rewrite;

    @Override
    public Integer call() throws Exception {
        NightshiftConfig config = root.config();
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = Stores.open(config)) {
            StudyQueries queries = new StudyQueries(store);
            Optional<StudyQueries.QuestionFindings> selected;
            if (questionId != null) {
                selected = Optional.of(queries.questionFindings(questionId).orElseThrow(() -> new UsageException(
                        "no question #" + questionId + "; 'nightshift status --all' lists them")));
            } else {
                selected = queries.latestAnswered().flatMap(q -> queries.questionFindings(q.id()));
            }
            if (selected.isPresent() && (rewrite || selected.get().findings().isEmpty())
                    && selected.get().question().status() == io.nightshift.store.QuestionStatus.DONE) {
                // Answered, but its findings were never written (the run was stopped first) or are asked for again.
                Question q = selected.get().question();
                PluginRegistry plugins = PluginRegistry.load(config);
                if (plugins.find(q.pluginId()).isPresent()) {
                    new StudyFindings(store).write(q, Studies.design(q),
                            plugins.get(q.pluginId()).descriptor().objective());
                    selected = queries.questionFindings(q.id());
                }
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("question", selected.map(s -> question(s.question())).orElse(null));
                doc.put("findings", selected.map(s -> FindingsView.asJson(s.findings())).orElse(List.of()));
                out.println(TerminalJson.mapper().writeValueAsString(doc));
            } else if (selected.isEmpty()) {
                out.println("No answered question yet; 'nightshift status' shows the questions being worked on.");
            } else {
                print(out, selected.get());
            }
            out.flush();
        }
        return 0;
    }

    private static void print(PrintWriter out, StudyQueries.QuestionFindings s) {
        Question q = s.question();
        out.printf("Question #%d [%s] %s: %s%n", q.id(), q.status().name().toLowerCase(Locale.ROOT),
                TerminalText.safe(q.pluginId()), TerminalText.safe(q.text()));
        if (s.findings().isEmpty()) {
            out.printf("%nNo findings yet%s.%n", switch (q.status()) {
                case DONE -> "";
                case DROPPED -> ": the question was dropped";
                default -> ": they are written when the question is answered";
            });
            return;
        }
        FindingsView.print(out, s.findings());
    }

    private static Map<String, Object> question(Question q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("plugin", q.pluginId());
        m.put("text", q.text());
        m.put("status", q.status().name());
        m.put("finishedAt", q.finishedAt() == null ? null : q.finishedAt().toString());
        return m;
    }
}
