package io.nightshift.agent.terminal;

/**
 * Makes text that came from outside (a language model, a plugin, the store, a file name) safe to show
 * on a terminal. A terminal obeys what it is sent: ESC starts sequences that set the window title,
 * clear the screen, recolour everything after them or, on some terminals, write to the clipboard;
 * 8-bit C1 codes (0x9B is CSI) do the same without an ESC; a carriage return or backspace overwrites
 * what was already printed; Unicode bidi overrides make text read differently from what it is. Every
 * such character is shown as a visible escape instead ({@code \e}, {@code \r}, {@code \u009b}), so
 * the text stays readable and nothing in it is executed. A literal backslash is left alone: this is
 * for people reading, not a reversible encoding.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * One line: every control character is escaped, newlines and tabs included, so the text cannot
     * break a table row or start a line that looks like nightshift's own. {@code null} becomes "null".
     */
    public static String safe(Object text) {
        return escape(String.valueOf(text), false);
    }

    /** As {@link #safe}, but newlines and tabs are kept: for log lines, stack traces and multi-line messages. */
    public static String safeLines(Object text) {
        return escape(String.valueOf(text), true);
    }

    /** Whether {@code c} must not reach a terminal as it is (newline and tab included). */
    public static boolean unsafe(char c) {
        return c < 0x20                       // C0: ESC, BEL, CR, backspace, ...
                || (c >= 0x7F && c <= 0x9F)   // DEL and C1 (0x9B is an 8-bit CSI)
                || c == 0x061C                // Arabic letter mark
                || c == 0x200E || c == 0x200F // left-to-right and right-to-left marks
                || (c >= 0x202A && c <= 0x202E) // bidi embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069) // bidi isolates
                || c == 0x2028 || c == 0x2029; // line and paragraph separators
    }

    private static String escape(String text, boolean keepLines) {
        int first = firstUnsafe(text, keepLines);
        if (first < 0) {
            return text; // the common case: nothing to copy
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c) || (keepLines && (c == '\n' || c == '\t'))) {
                out.append(c);
            } else {
                out.append(visible(c));
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text, boolean keepLines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c) && !(keepLines && (c == '\n' || c == '\t'))) {
                return i;
            }
        }
        return -1;
    }

    private static String visible(char c) {
        return switch (c) {
            case 0x1B -> "\\e";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format("\\u%04x", (int) c);
        };
    }
}
