package io.ledgerflow.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledgerflow daily}: the daily journal workflow for one business date. */
@Command(
        name = "daily",
        header = "Run the daily journal workflow for one business date.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the daily journal workflow (workflows/daily-journal.asl.json) on the embedded default: "
                    + "split the file into invoice-complete partitions, journalize them in parallel (a Distributed "
                    + "Map of Lambda workers) into the DynamoDB sub-ledger, then check and publish the day at once. "
                    + "The execution is named daily-DATE: running it again with the same file changes nothing. "
                    + "To replace a day, use 'ledgerflow rerun'. "
                    + "With --target aws it starts the deployed state machine on Step Functions (or "
                    + "on 'ledgerflow local serve') for a file already in S3, and follows it."
        },
        footer = {
            "",
            "Exit codes: 0 published; 1 failed for a business reason (too many rejects, month not open, "
                    + "another run won); 2 bad usage or bad file (nothing written); 3 infrastructure failure.",
            "",
            "Example:",
            "  ledgerflow generate --date 2026-11-20 --records 100000 --seed 7 > d.csv",
            "  ledgerflow daily --date 2026-11-20 --input d.csv",
            "  ledgerflow daily --target aws --date 2026-11-20 \\",
            "      --input s3://ledgerflow-input/2026-11-20/d.csv"
        })
final class DailyCommand extends DayRunCommand {

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Whom you run it for: recorded beside your "
            + "identity, which is always recorded (the operating-system user; with --target aws your AWS identity).")
    String requestedBy;

    @Override
    String executionName() {
        return "daily-" + date;
    }

    @Override
    String requestedBy() {
        // Never "scheduler": only the start-day function's scheduled path records that.
        return recordedBy(requestedBy);
    }

    @Override
    String reason() {
        return "daily run";
    }
}
