package io.nightshift.agent.terminal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON for the terminal ({@code status --json}): the same values, but every character that
 * {@link TerminalText#unsafe} names is written as a {@code \}{@code uXXXX} escape, so printing the JSON
 * cannot drive the terminal while a JSON parser still reads back exactly what was stored. Jackson
 * escapes C0 by itself; DEL, C1 and the bidi controls it would write raw.
 */
public final class TerminalJson {

    private TerminalJson() {
    }

    /** An indenting mapper whose output is safe to print. */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.getFactory().setCharacterEscapes(new Escapes());
        return mapper;
    }

    private static final class Escapes extends CharacterEscapes {

        private final int[] ascii;

        Escapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch <= Character.MAX_VALUE && TerminalText.unsafe((char) ch)
                    ? new SerializedString(String.format("\\u%04x", ch))
                    : null;
        }
    }
}
