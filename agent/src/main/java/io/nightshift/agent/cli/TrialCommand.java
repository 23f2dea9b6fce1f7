package io.nightshift.agent.cli;

import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.query.TrialQueries;
import io.nightshift.agent.terminal.TerminalJson;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.store.Artifact;
import io.nightshift.store.ArtifactRepository;
import io.nightshift.store.Decision;
import io.nightshift.store.MetricPoint;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** One trial whole: its parameters and outcome, the proposal and its review, learning curves, log and artifacts. */
@Command(name = "trial", mixinStandardHelpOptions = true,
        description = "Show one trial: parameters, outcome, proposal and decisions, learning curves, log and artifacts.")
final class TrialCommand implements Callable<Integer> {

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The trial's id (see 'nightshift status').")
    long id;

    @Option(names = "--json", description = "Print JSON, every curve point included.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NightshiftConfig config = root.config();
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = Stores.open(config)) {
            TrialQueries.TrialDetail d = new TrialQueries(store).trial(id).orElseThrow(() -> new UsageException(
                    "no trial #" + id + "; 'nightshift status' lists the trials of a question"));
            if (json) {
                out.println(TerminalJson.mapper().writeValueAsString(asJson(d)));
            } else {
                print(out, d);
            }
            out.flush();
        }
        return 0;
    }

    private static void print(PrintWriter out, TrialQueries.TrialDetail d) {
        Trial t = d.trial();
        out.printf("Trial #%d (attempt %d) of question #%d: %s%n", t.id(), t.attempt(), t.questionId(),
                TerminalText.safe(d.question().text()));
        out.printf("  status     %s%s%n", t.status().name().toLowerCase(Locale.ROOT),
                t.endCause() == null ? "" : " (" + t.endCause().name().toLowerCase(Locale.ROOT) + ")");
        if (t.error() != null) {
            out.println("  reason     " + TerminalText.safe(t.error()));
        }
        out.printf("  seed       %d   worker %s   started %s   finished %s%n", t.seed(), TerminalText.safe(t.worker()),
                t.startedAt(), t.finishedAt());
        out.println("Parameters:");
        t.params().forEach((k, v) -> out.printf("  %-20s %s%n", TerminalText.safe(k), TerminalText.safe(String.valueOf(v))));
        if (!t.result().isEmpty()) {
            out.println("Result:");
            t.result().forEach((k, v) -> out.printf("  %-20s %s%n", TerminalText.safe(k), ResultsTable.format(v)));
        }
        out.printf("Proposal #%d by %s%s%n", d.proposal().id(), TerminalText.safe(d.proposal().planner()),
                d.proposal().placement().cell() == null ? ""
                        : ", " + TerminalText.safe(d.proposal().placement().cell()) + " run " + (d.proposal().placement().replicate() + 1));
        if (d.proposal().rationale() != null && !d.proposal().rationale().isBlank()) {
            out.println("  rationale  " + TerminalText.safe(d.proposal().rationale()));
        }
        if (d.proposal().hypothesis() != null && !d.proposal().hypothesis().isBlank()) {
            out.println("  hypothesis " + TerminalText.safe(d.proposal().hypothesis()));
        }
        for (Decision decision : d.decisions()) {
            out.printf("  %s by %s at %s%s%n", decision.verdict().name().toLowerCase(Locale.ROOT),
                    TerminalText.safe(decision.actor()), decision.decidedAt(),
                    decision.reason() == null ? "" : ": " + TerminalText.safe(decision.reason()));
        }
        if (!d.curves().isEmpty()) {
            out.println("Curves (epoch:value, last point of each epoch):");
            d.curves().forEach((name, points) -> out.printf("  %-20s %s%n", TerminalText.safe(name), summary(points)));
        }
        out.println("Log:" + (d.log().isEmpty() ? " (nothing)" : ""));
        for (ArtifactRepository.LogLine line : d.log()) {
            out.println("  " + TerminalText.safe(line.message()));
        }
        out.println("Artifacts:" + (d.artifacts().isEmpty() ? " (none)" : ""));
        for (Artifact a : d.artifacts()) {
            if (a.path() == null) {
                out.printf("  %-28s note  %s%n", TerminalText.safe(a.name()), TerminalText.safe(a.text()));
            } else {
                out.printf("  %-28s %-10s %10d bytes  sha256 %s  %s%n", TerminalText.safe(a.name()), a.kind(),
                        a.sizeBytes(), a.sha256().substring(0, 12), TerminalText.safe(a.path()));
            }
        }
    }

    /** {@code 1:0.912 2:0.945 ...} with the last value of each epoch (or of each step when there are no epochs). */
    static String summary(List<MetricPoint> points) {
        Map<Long, Double> byKey = new LinkedHashMap<>();
        boolean epochs = points.stream().anyMatch(p -> p.epoch() > 0);
        for (MetricPoint p : points) {
            byKey.put(epochs ? p.epoch() : p.step(), p.value());
        }
        List<String> parts = new ArrayList<>();
        byKey.forEach((k, v) -> parts.add(k + ":" + ResultsTable.format(v)));
        if (parts.size() > 12) {
            List<String> shown = new ArrayList<>(parts.subList(0, 5));
            shown.add("... " + (parts.size() - 10) + " more ...");
            shown.addAll(parts.subList(parts.size() - 5, parts.size()));
            return String.join(" ", shown);
        }
        return String.join(" ", parts);
    }

    static Map<String, Object> asJson(TrialQueries.TrialDetail d) {
        Trial t = d.trial();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("questionId", t.questionId());
        m.put("proposalId", t.proposalId());
        m.put("attempt", t.attempt());
        m.put("status", t.status().name());
        m.put("endCause", t.endCause() == null ? null : t.endCause().name());
        m.put("error", t.error());
        m.put("seed", t.seed());
        m.put("params", t.params());
        m.put("result", t.result());
        m.put("proposal", Map.of("planner", d.proposal().planner(),
                "rationale", String.valueOf(d.proposal().rationale()),
                "hypothesis", String.valueOf(d.proposal().hypothesis())));
        List<Map<String, Object>> decisions = new ArrayList<>();
        d.decisions().forEach(x -> decisions.add(Map.of("actor", x.actor(), "verdict", x.verdict().name(),
                "reason", String.valueOf(x.reason()), "at", x.decidedAt().toString())));
        m.put("decisions", decisions);
        m.put("curves", curvesAsJson(d.curves()));
        m.put("log", d.log().stream().map(ArtifactRepository.LogLine::message).toList());
        List<Map<String, Object>> artifacts = new ArrayList<>();
        for (Artifact a : d.artifacts()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", a.name());
            x.put("kind", a.kind());
            x.put("sizeBytes", a.sizeBytes());
            x.put("sha256", a.sha256());
            x.put("path", a.path());
            x.put("text", a.text());
            artifacts.add(x);
        }
        m.put("artifacts", artifacts);
        return m;
    }

    static Map<String, Object> curvesAsJson(Map<String, List<MetricPoint>> curves) {
        Map<String, Object> out = new LinkedHashMap<>();
        curves.forEach((name, points) -> out.put(name, points.stream()
                .map(p -> Map.of("epoch", p.epoch(), "step", p.step(), "value", p.value())).toList()));
        return out;
    }
}
