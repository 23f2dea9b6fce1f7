package io.nightshift.agent.log;

import ch.qos.logback.classic.Logger;
import io.nightshift.agent.app.OwnerOnly;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The controller's log file, {@code <home>/logs/nightshift.log}. Logback starts before the command line
 * and the configuration say where the home is, so {@code logback.xml} has only the console, and the
 * file appender is added here once the home is known. Until then nothing goes to a file at all: a
 * fallback such as {@code java.io.tmpdir} would be shared by every home and every user of the machine.
 */
public final class ControllerLog {

    static final String APPENDER = "FILE";
    static final String FILE_NAME = "nightshift.log";
    static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";

    private ControllerLog() {
    }

    /**
     * Sends the log to {@code <logDir>/nightshift.log} from now on (creating the directory rwx------ and
     * the file rw-------). Called again with another directory (tests run several homes in one JVM), it
     * moves the file there. Does nothing when SLF4J is not bound to logback.
     *
     * @return the log file
     */
    public static synchronized Path attach(Path logDir) {
        Path file = OwnerOnly.file(OwnerOnly.ownDirectory(logDir).resolve(FILE_NAME)).toAbsolutePath();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return file;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> current = root.getAppender(APPENDER);
        if (current instanceof FileAppender<ILoggingEvent> f && file.toString().equals(f.getFile())) {
            return file;
        }
        SafePatternLayoutEncoder encoder = new SafePatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        if (current != null) {
            root.detachAppender(current);
            current.stop();
        }
        return file;
    }

    /** Stops writing the log file (tests that attached one to a temporary home). */
    static synchronized void detach() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            Appender<ILoggingEvent> current = root.getAppender(APPENDER);
            if (current != null) {
                root.detachAppender(current);
                current.stop();
            }
        }
    }
}
