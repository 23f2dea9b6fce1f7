package io.nightshift.agent.log;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.nightshift.agent.terminal.TerminalText;
import java.nio.charset.Charset;

/**
 * A pattern encoder whose output carries no terminal control characters: log messages quote model
 * answers, plugin output, parameter values and file names, and a warning must not be a way to
 * drive the reader's terminal (or {@code less} and {@code tail -f} on the log file). The whole laid-out
 * line is escaped, so messages, exception texts and thread names are covered alike; newlines and
 * tabs stay, for stack traces.
 */
public class SafePatternLayoutEncoder extends PatternLayoutEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        String line = TerminalText.safeLines(getLayout().doLayout(event));
        Charset charset = getCharset();
        return charset == null ? line.getBytes(Charset.defaultCharset()) : line.getBytes(charset);
    }
}
