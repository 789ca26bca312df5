package io.ledgerflow.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Unknown options, missing arguments, bad values: the problem on one line, a suggestion when an
 * option looks mistyped, and where the help is (as git and kubectl do); exit 2. The help itself
 * only on request: after an error it would bury the one line that matters.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        // picocli checks required options before it reports unknown ones; a mistyped required option
        // (--inptu) would read "missing --input": the unknown option is the problem to name.
        if (e instanceof CommandLine.MissingParameterException && !cli.getUnmatchedArguments().isEmpty()) {
            e = new CommandLine.UnmatchedArgumentException(cli, cli.getUnmatchedArguments());
        }
        err.println("ledgerflow: error: " + e.getMessage());
        err.println(suggestion(e) + "Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    /** "Did you mean --date? " when picocli finds options or commands close to a mistyped one. */
    private static String suggestion(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "Did you mean " + String.join(" or ", unmatched.getSuggestions()) + "? ";
        }
        return "";
    }
}
