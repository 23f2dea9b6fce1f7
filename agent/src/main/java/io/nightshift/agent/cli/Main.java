package io.nightshift.agent.cli;

import picocli.CommandLine;

/** The {@code nightshift} command. Exit codes: 0 done, 1 failed while working, 2 bad arguments or configuration. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NightshiftCommand());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
