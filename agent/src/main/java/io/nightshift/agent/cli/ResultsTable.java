package io.nightshift.agent.cli;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The trials of a question as a text table, and the best configuration found. */
final class ResultsTable {

    /** Shown after the objective when the plugin reports it; never optimised. */
    static final String TEST_METRIC = "test_accuracy";

    private final PluginDescriptor plugin;

    ResultsTable(PluginDescriptor plugin) {
        this.plugin = plugin;
    }

    void print(PrintWriter out, Store store, Question question) {
        List<Trial> trials = store.trials().forQuestion(question.id());
        Objective objective = plugin.objective();
        List<String> params = plugin.searchSpace().names();
        List<String> header = new ArrayList<>(List.of("trial", "status"));
        header.addAll(params);
        header.addAll(List.of(objective.metric(), TEST_METRIC, "seconds"));
        List<List<String>> rows = new ArrayList<>();
        for (Trial t : trials) {
            List<String> row = new ArrayList<>(List.of("#" + t.id() + attemptSuffix(t), t.status().name().toLowerCase(Locale.ROOT)));
            for (String p : params) {
                row.add(format(t.params().get(p)));
            }
            row.add(t.objectiveValue() == null ? "-" : format(t.objectiveValue()));
            row.add(format(t.result().get(TEST_METRIC)));
            row.add(t.startedAt() == null || t.finishedAt() == null ? "-"
                    : String.valueOf(Duration.between(t.startedAt(), t.finishedAt()).toSeconds()));
            rows.add(row);
        }
        out.printf("%nQuestion #%d: %s%n%n", question.id(), question.text());
        printTable(out, header, rows);
        Optional<Trial> best = best(trials, objective);
        if (best.isPresent()) {
            Trial b = best.get();
            out.printf("%nBest: trial #%d, %s = %s, %s = %s%n", b.id(), objective.metric(), format(b.objectiveValue()),
                    TEST_METRIC, format(b.result().get(TEST_METRIC)));
            out.println("Configuration:");
            for (String p : params) {
                out.printf("  %-16s %s%n", p, format(b.params().get(p)));
            }
        } else {
            out.println();
            out.println("No trial has completed yet.");
        }
        failures(trials).forEach(f -> out.println("  " + f));
        out.flush();
    }

    static Optional<Trial> best(List<Trial> trials, Objective objective) {
        Comparator<Trial> byObjective = Comparator.comparingDouble(Trial::objectiveValue);
        if (objective.direction() == Objective.Direction.MAXIMIZE) {
            byObjective = byObjective.reversed();
        }
        return trials.stream()
                .filter(t -> t.status() == TrialStatus.COMPLETED && t.objectiveValue() != null)
                .min(byObjective.thenComparingLong(Trial::id));
    }

    /** Why trials did not complete; an interruption that was since run again is history, not news. */
    private static List<String> failures(List<Trial> trials) {
        List<String> lines = new ArrayList<>();
        for (Trial t : trials) {
            boolean superseded = t.status() == TrialStatus.INTERRUPTED && trials.stream().anyMatch(o -> o.proposalId() == t.proposalId() && o.attempt() > t.attempt());
            if (t.error() != null && t.status() != TrialStatus.COMPLETED && !superseded) {
                lines.add("trial #" + t.id() + " " + t.status().name().toLowerCase(Locale.ROOT) + ": " + t.error());
            }
        }
        if (!lines.isEmpty()) {
            lines.add(0, "");
        }
        return lines;
    }

    private static String attemptSuffix(Trial t) {
        return t.attempt() > 1 ? " (attempt " + t.attempt() + ")" : "";
    }

    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            double a = Math.abs(d);
            return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.3g", d) : String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(value);
    }

    private static void printTable(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        printRow(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int w : widths) {
            rule.add("-".repeat(w));
        }
        printRow(out, rule, widths);
        rows.forEach(r -> printRow(out, r, widths));
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", cells.get(i)));
        }
        out.println(line.toString().stripTrailing());
    }
}
