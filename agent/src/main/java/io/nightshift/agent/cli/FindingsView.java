package io.nightshift.agent.cli;

import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.store.Finding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A question's findings as {@code findings} and {@code status} print them: one item each, wrapped, the model's
 * prose marked as such, and a finding that failed the honesty check marked with "!" and its reason. Everything
 * goes through {@link TerminalText}: a model's prose is text from outside.
 */
final class FindingsView {

    static final int WIDTH = 100;

    private FindingsView() {
    }

    static void print(PrintWriter out, List<Finding> findings) {
        boolean model = findings.stream().anyMatch(f -> !"data".equals(f.source()));
        out.printf("%nFindings%s:%n", model ? " (computed from the data; [model]: a language model's prose, checked)" : "");
        if (findings.isEmpty()) {
            out.println("  (none: no trial of the question completed with an objective value)");
        }
        for (Finding f : findings) {
            StringBuilder label = new StringBuilder();
            if (!"data".equals(f.source())) {
                label.append('[').append(TerminalText.safe(f.source())).append("] ");
            }
            if (f.flagged() != null) {
                label.insert(0, "[FLAGGED: " + TerminalText.safe(f.flagged()) + "] ");
            }
            String bullet = f.flagged() != null ? "  ! " : "  - ";
            wrap(bullet, label + TerminalText.safe(f.text()), WIDTH).forEach(out::println);
        }
    }

    /**
     * Words filled up to {@code width} columns after {@code bullet}, continuation lines indented as deep as the
     * bullet; a word longer than a line gets a line of its own.
     */
    static List<String> wrap(String bullet, String text, int width) {
        String indent = " ".repeat(bullet.length());
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(bullet);
        boolean empty = true;
        for (String word : text.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        lines.add(line.toString());
        return lines;
    }

    static List<Map<String, Object>> asJson(List<Finding> findings) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("kind", f.kind());
            m.put("text", f.text());
            m.put("citedTrials", f.citedTrials());
            m.put("numbers", f.numbers());
            m.put("source", f.source());
            m.put("flagged", f.flagged());
            m.put("createdAt", f.createdAt() == null ? null : f.createdAt().toString());
            list.add(m);
        }
        return list;
    }
}
