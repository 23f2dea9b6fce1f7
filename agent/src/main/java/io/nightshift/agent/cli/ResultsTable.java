package io.nightshift.agent.cli;

import io.nightshift.agent.terminal.TerminalText;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The trials of a question as a text table, and the best configuration found. Everything in it that
 * came from outside (parameter values, errors, the question, names a plugin chose) goes through
 * {@link TerminalText}. Works without the plugin too: a past question whose plugin jar is gone still
 * shows its stored parameters and objective values, but no best, since the direction is unknown.
 */
final class ResultsTable {

    /** Held-out metrics are named test_*: shown after the objective when trials report them; never optimised. */
    static final String TEST_PREFIX = "test_";

    /** The test_* metrics the trials reported, in name order: what a table shows beside the objective. */
    static List<String> testMetrics(List<Trial> trials) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        trials.forEach(t -> t.result().keySet().stream().filter(k -> k.startsWith(TEST_PREFIX)).forEach(names::add));
        return List.copyOf(names);
    }

    /** {@code test_accuracy 0.9812, test_loss 0.0634}, or empty when the trial reported none. */
    static String testSummary(Trial t) {
        return t.result().entrySet().stream().filter(e -> e.getKey().startsWith(TEST_PREFIX))
                .map(e -> e.getKey() + " " + format(e.getValue())).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The plugin's descriptor; null when the question's plugin is not installed. */
    private final PluginDescriptor plugin;

    /** @param plugin null when the question's plugin is not installed: columns then come from what the trials stored */
    ResultsTable(PluginDescriptor plugin) {
        this.plugin = plugin;
    }

    void print(PrintWriter out, Store store, Question question) {
        List<Trial> trials = store.trials().forQuestion(question.id());
        List<String> params = plugin != null ? plugin.searchSpace().names() : storedParameterNames(trials);
        String objectiveColumn = plugin != null ? plugin.objective().metric() : "objective";
        List<String> header = new ArrayList<>(List.of("trial", "status"));
        header.addAll(params);
        List<String> tests = testMetrics(trials);
        header.add(objectiveColumn);
        header.addAll(tests);
        header.add("seconds");
        List<List<String>> rows = new ArrayList<>();
        for (Trial t : trials) {
            List<String> row = new ArrayList<>(List.of("#" + t.id() + attemptSuffix(t), t.status().name().toLowerCase(Locale.ROOT)));
            for (String p : params) {
                row.add(format(t.params().get(p)));
            }
            row.add(t.objectiveValue() == null ? "-" : format(t.objectiveValue()));
            for (String m : tests) {
                row.add(format(t.result().get(m)));
            }
            row.add(t.startedAt() == null || t.finishedAt() == null ? "-"
                    : String.valueOf(Duration.between(t.startedAt(), t.finishedAt()).toSeconds()));
            rows.add(row);
        }
        out.printf("%nQuestion #%d: %s%n%n", question.id(), TerminalText.safe(question.text()));
        if (plugin == null) {
            out.printf("Plugin '%s' is not installed: the columns are the parameters and objective values stored"
                    + " with the trials.%n%n", TerminalText.safe(question.pluginId()));
        }
        printTable(out, safe(header), rows.stream().map(ResultsTable::safe).toList());
        if (plugin != null) {
            printBest(out, trials, plugin.objective(), params);
        } else {
            printRange(out, trials);
        }
        failures(trials).forEach(out::println);
        out.flush();
    }

    private static void printBest(PrintWriter out, List<Trial> trials, Objective objective, List<String> params) {
        Optional<Trial> best = best(trials, objective);
        if (best.isEmpty()) {
            out.println();
            out.println("No trial has completed yet.");
            return;
        }
        Trial b = best.get();
        String tests = testSummary(b);
        out.printf("%nBest: trial #%d, %s = %s%s%n", b.id(), TerminalText.safe(objective.metric()),
                format(b.objectiveValue()), tests.isEmpty() ? "" : " (" + TerminalText.safe(tests) + ")");
        out.println("Configuration:");
        for (String p : params) {
            out.printf("  %-16s %s%n", TerminalText.safe(p), TerminalText.safe(format(b.params().get(p))));
        }
    }

    /** Without the plugin, whether higher is better is unknown: no best, only the range of what was stored. */
    private static void printRange(PrintWriter out, List<Trial> trials) {
        List<Trial> done = completed(trials).sorted(Comparator.comparingDouble(Trial::objectiveValue)).toList();
        out.println();
        if (done.isEmpty()) {
            out.println("No trial has completed yet.");
            return;
        }
        Trial low = done.get(0);
        Trial high = done.get(done.size() - 1);
        out.printf("Best: unknown, since without the plugin it is unknown whether its objective is maximised or"
                        + " minimised. Stored objective: highest %s (trial #%d), lowest %s (trial #%d).%n",
                format(high.objectiveValue()), high.id(), format(low.objectiveValue()), low.id());
    }

    static Optional<Trial> best(List<Trial> trials, Objective objective) {
        Comparator<Trial> byObjective = Comparator.comparingDouble(Trial::objectiveValue);
        if (objective.direction() == Objective.Direction.MAXIMIZE) {
            byObjective = byObjective.reversed();
        }
        return completed(trials).min(byObjective.thenComparingLong(Trial::id));
    }

    private static java.util.stream.Stream<Trial> completed(List<Trial> trials) {
        return trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED && t.objectiveValue() != null);
    }

    /** The parameter names the trials stored, in the order first met. */
    private static List<String> storedParameterNames(List<Trial> trials) {
        Set<String> names = new LinkedHashSet<>();
        trials.forEach(t -> names.addAll(t.params().keySet()));
        return List.copyOf(names);
    }

    /** Why trials did not complete; an interruption that was since run again is history, not news. */
    private static List<String> failures(List<Trial> trials) {
        List<String> lines = new ArrayList<>();
        for (Trial t : trials) {
            boolean superseded = t.status() == TrialStatus.INTERRUPTED && trials.stream().anyMatch(o -> o.proposalId() == t.proposalId() && o.attempt() > t.attempt());
            if (t.error() != null && t.status() != TrialStatus.COMPLETED && !superseded) {
                // Multi-line errors (a worker's last log lines) keep their lines, indented under the trial.
                lines.add("  trial #" + t.id() + " " + t.status().name().toLowerCase(Locale.ROOT) + ": "
                        + TerminalText.safeLines(t.error()).replace("\n", "\n    "));
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

    /** A value as shown in the table; not yet made terminal-safe (callers printing it do that). */
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

    private static List<String> safe(List<String> cells) {
        return cells.stream().map(TerminalText::safe).toList();
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
