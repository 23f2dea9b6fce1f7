package io.nightshift.agent.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    /** Sets the window title, clears the screen, turns the text red, rings the bell. */
    static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m";

    /** True when {@code s} holds nothing a terminal would act on, newlines and tabs allowed where said. */
    public static boolean terminalSafe(String s, boolean linesAllowed) {
        return s.chars().noneMatch(c -> TerminalText.unsafe((char) c) && !(linesAllowed && (c == '\n' || c == '\t')));
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String plain = "hidden_width=128, lr 1e-3 — ok é 中文 \\e";
        assertThat(TerminalText.safe(plain)).isSameAs(plain);
        assertThat(TerminalText.safeLines("a\n\tb")).isEqualTo("a\n\tb");
    }

    @Test
    void escapeSequencesAreShownNotObeyed() {
        assertThat(TerminalText.safe(HOSTILE)).isEqualTo("\\e]0;pwned\\u0007\\e[2J\\e[31mred\\e[0m");
        assertThat(TerminalText.safe(HOSTILE)).doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void oneLineFormEscapesNewlinesTabsAndCarriageReturns() {
        assertThat(TerminalText.safe("a\nb\tc\rd")).isEqualTo("a\\nb\\tc\\rd");
        assertThat(TerminalText.safeLines("a\nb\tc\rd")).isEqualTo("a\nb\tc\\rd");
    }

    @Test
    void delC1AndBidiControlsAreEscaped() {
        assertThat(TerminalText.safe("x\u007fy")).isEqualTo("x\\u007fy");
        assertThat(TerminalText.safe("\u009b31m")).isEqualTo("\\u009b31m");
        assertThat(TerminalText.safe("\u0085")).isEqualTo("\\u0085");
        assertThat(TerminalText.safe("abc\u202edef\u2066\u2069\u200f")).isEqualTo("abc\\u202edef\\u2066\\u2069\\u200f");
        assertThat(TerminalText.safe("a\u2028b\u0000c\bd")).isEqualTo("a\\u2028b\\u0000c\\u0008d");
    }

    @Test
    void nullIsShownAsNull() {
        assertThat(TerminalText.safe(null)).isEqualTo("null");
    }

    @Test
    void everyUnsafeCharacterComesOutPrintable() {
        for (char c = 0; c < 0x3000; c++) {
            if (TerminalText.unsafe(c)) {
                String shown = TerminalText.safe("<" + c + ">");
                assertThat(terminalSafe(shown, false)).as("U+%04X", (int) c).isTrue();
                assertThat(shown).as("U+%04X", (int) c).hasSizeGreaterThan(3);
            }
        }
    }

    @Test
    void jsonIsTerminalSafeAndReadsBackTheSameValues() throws Exception {
        String value = HOSTILE + "\u007f\u009b\u202e é";
        String json = TerminalJson.mapper().writeValueAsString(Map.of("v", value));

        assertThat(terminalSafe(json, true)).as(json).isTrue();
        assertThat(json).contains("é").containsIgnoringCase("\\u001b").containsIgnoringCase("\\u007f")
                .contains("\\u009b").contains("\\u202e");
        assertThat(new ObjectMapper().readTree(json).get("v").asText()).isEqualTo(value);
    }
}
