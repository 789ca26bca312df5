package io.ledgerflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and keeps its exit code and what it printed on stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return run(false, args);
    }

    /** As with {@code LEDGERFLOW_DEBUG=1}: failures also print class names and stack traces. */
    static CliRun debug(String... args) {
        return run(true, args);
    }

    private static CliRun run(boolean debug, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine(debug);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
