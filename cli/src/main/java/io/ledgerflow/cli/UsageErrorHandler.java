package io.ledgerflow.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Unknown options, missing arguments, bad values: the problem, the command's usage, exit 2. */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("ledgerflow: error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println();
        cli.usage(err);
        err.flush();
        return ExitCode.BAD_INPUT;
    }
}
