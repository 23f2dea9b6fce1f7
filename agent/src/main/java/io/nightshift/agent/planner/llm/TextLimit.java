package io.nightshift.agent.planner.llm;

import java.util.Locale;

/**
 * Caps text from a language model before it is stored or shown: an endpoint can answer with
 * megabytes (a 2 MB answer was once stored whole). What is cut is said in a marker at the end, with
 * how much, so that a reader knows the text is not complete.
 */
public final class TextLimit {

    /** The prompt, response and error of one {@code llm_call} row, each. */
    public static final int CALL_TEXT = 64 * 1024;
    /** A rationale, a hypothesis, a rejection reason, or a string value of a rejected proposal, each. */
    public static final int PROPOSAL_TEXT = 2_000;
    /**
     * The longest answer that is read at all. Answers are normally a few kilobytes (max-output-tokens
     * of 4,096 is about 16,000 characters); one this large is refused as a problem and re-asked.
     */
    public static final int ANSWER_READ = 256 * 1024;

    private TextLimit() {}

    /** The text itself when it fits; otherwise its start and a marker, together at most {@code max} characters. */
    public static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        // The marker's length depends on the number cut, which depends on the marker's length: fix it by iterating.
        int keep = max;
        String marker = "";
        for (int i = 0; i < 3; i++) {
            marker = marker(text.length() - keep, text.length());
            keep = Math.max(0, max - marker.length());
        }
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--; // never split a character in two
        }
        return text.substring(0, keep) + marker(text.length() - keep, text.length());
    }

    private static String marker(int cut, int total) {
        return String.format(Locale.ROOT, " [... truncated by nightshift: %,d of %,d characters cut]", cut, total);
    }
}
