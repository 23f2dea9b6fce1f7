package io.nightshift.core.arch;

/**
 * An architecture string that does not parse. The message names the column, what was expected and
 * what was found, and repeats the text with a caret under the spot.
 */
public final class ArchitectureSyntaxException extends IllegalArgumentException {

    private final String text;
    private final int offset;

    ArchitectureSyntaxException(String text, int offset, String problem) {
        super("architecture syntax error at column " + (offset + 1) + ": " + problem + "\n  " + text + "\n  "
                + " ".repeat(offset) + "^");
        this.text = text;
        this.offset = offset;
    }

    /** The text that failed to parse. */
    public String text() {
        return text;
    }

    /** 0-based character offset of the problem ({@code text.length()} for a premature end). */
    public int offset() {
        return offset;
    }

    /** 1-based column of the problem, as in the message. */
    public int column() {
        return offset + 1;
    }
}
