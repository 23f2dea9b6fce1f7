package io.nightshift.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ControllerLogTest {

    static final String HOSTILE = "value \u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m \u009b2J \u202eevil";

    @TempDir
    Path temp;

    @AfterEach
    void detach() {
        ControllerLog.detach();
    }

    @Test
    void consoleEncoderFromLogbackXmlEscapesControlCharacters() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> console = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(console).as("logback.xml's console appender").isInstanceOf(OutputStreamAppender.class);
        var encoder = ((OutputStreamAppender<ILoggingEvent>) console).getEncoder();
        assertThat(encoder).isInstanceOf(SafePatternLayoutEncoder.class);

        String line = new String(encoder.encode(event(HOSTILE, new IllegalStateException("boom \u001b[2J"))), StandardCharsets.UTF_8);

        assertThat(line).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b").doesNotContain("\u202e")
                .contains("\\e]0;pwned\\u0007\\e[2J").contains("boom \\e[2J").contains("\\u202eevil");
        assertThat(line).as("stack trace keeps its lines").contains("\n\tat ");
    }

    @Test
    void logbackXmlAloneWritesNoFile() throws Exception {
        // A fresh context configured from the shipped logback.xml, as at start-up before the home is known.
        LoggerContext fresh = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(fresh);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        try {
            for (Logger logger : fresh.getLoggerList()) {
                logger.iteratorForAppenders().forEachRemaining(a ->
                        assertThat(a).as("appender %s of %s", a.getName(), logger.getName()).isNotInstanceOf(FileAppender.class));
            }
            assertThat(fresh.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
        } finally {
            fresh.stop();
        }
    }

    @Test
    void fileGoesUnderTheLogDirectoryOwnerOnlyAndEscaped() throws Exception {
        Path logDir = temp.resolve("home").resolve("logs");

        Path file = ControllerLog.attach(logDir);
        LoggerFactory.getLogger(ControllerLogTest.class).warn("proposed {}", HOSTILE);

        assertThat(file).isEqualTo(logDir.resolve("nightshift.log").toAbsolutePath());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String content = Files.readString(file);
        assertThat(content).contains("proposed value \\e]0;pwned").doesNotContain("\u001b").doesNotContain("\u009b");
    }

    @Test
    void attachingAnotherHomeMovesTheFile() throws Exception {
        Path first = ControllerLog.attach(temp.resolve("a"));
        Path second = ControllerLog.attach(temp.resolve("b"));
        LoggerFactory.getLogger(ControllerLogTest.class).info("only in b");

        assertThat(Files.readString(first)).doesNotContain("only in b");
        assertThat(Files.readString(second)).contains("only in b");
    }

    @Test
    void anExistingLogFileIsMadePrivate() throws Exception {
        Path logDir = Files.createDirectories(temp.resolve("logs"));
        Path file = Files.writeString(logDir.resolve("nightshift.log"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(logDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        ControllerLog.attach(logDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logDir))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).startsWith("old\n");
    }

    private static ILoggingEvent event(String message, Throwable thrown) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return new LoggingEvent(ControllerLogTest.class.getName(), context.getLogger("test"), Level.WARN, message, thrown, null);
    }
}
