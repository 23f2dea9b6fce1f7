package io.nightshift.agent.cli;

import io.nightshift.agent.config.ConfigException;
import io.nightshift.agent.plugins.PluginException;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.store.StoreException;
import picocli.CommandLine;

/**
 * Turns failures into one clear line and an exit code: 2 for what the user can fix in the
 * arguments or the configuration, 1 for everything else. The stack trace goes to the log file.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int USAGE = 2;
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean usage = e instanceof ConfigException || e instanceof PluginException || e instanceof UsageException;
        // The message may quote a plugin, a model or a file name: escaped before our own colours are added.
        cli.getErr().println(cli.getColorScheme().errorText("nightshift: " + TerminalText.safeLines(message(e))));
        if (usage) {
            cli.getErr().println("Run 'nightshift " + cli.getCommandName() + " --help' for the options.");
        }
        // The console already has the one-line reason; the stack trace is for the log file only.
        org.slf4j.LoggerFactory.getLogger(ErrorHandler.class).info("command failed", e);
        return usage ? USAGE : FAILED;
    }

    private static String message(Throwable e) {
        if (e instanceof StoreException) {
            return "database: " + e.getMessage();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
