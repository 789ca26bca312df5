package io.ledgerflow.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ledgerflow rerun}: replaces a day's journal atomically with a corrected file; audited. */
@Command(
        name = "rerun",
        header = "Replace a day's journal atomically with a corrected file (audited).",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the daily journal workflow again for a day, with a (corrected) file, as a new run. "
                    + "The day switches from its current journal to the new one all at once when the new run "
                    + "publishes; until then, and if it fails, the previous journal stays visible. The reason and "
                    + "who asked are recorded and shown by 'ledgerflow status'."
        },
        footer = {
            "",
            "Exit codes as for 'daily'.",
            "",
            "Example:",
            "  ledgerflow rerun --date 2026-11-20 --input d-fixed.csv \\",
            "      --reason \"site OSA02 resent its file\" --requested-by hanako.sato"
        })
final class RerunCommand extends DayRunCommand {

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the day is run again (recorded).")
    String reason;

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asked for it: recorded beside your "
            + "identity, which is always recorded (the operating-system user; with --target aws your AWS identity).")
    String requestedBy;

    private String name;

    @Override
    String executionName() {
        if (name == null) {
            name = ExecutionNames.stamped("rerun-" + date);
        }
        return name;
    }

    @Override
    String requestedBy() {
        return recordedBy(requestedBy);
    }

    @Override
    String reason() {
        if (reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason must say why the day is run again");
        }
        return reason;
    }
}
