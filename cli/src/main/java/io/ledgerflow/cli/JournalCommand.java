package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.journal.JournalEntry;
import io.ledgerflow.core.journal.csv.JournalCsvWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ledgerflow journal}: a day's current journal from the sub-ledger, in the canonical format. */
@Command(
        name = "journal",
        header = "Print a day's current journal from the sub-ledger.",
        mixinStandardHelpOptions = true,
        description = "Prints the day's current journal from the sub-ledger (DESIGN's canonical journal CSV).",
        footer = {"", "Example:", "  ledgerflow journal --date 2026-11-20 --out journal.csv"})
final class JournalCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--date", required = true, paramLabel = "yyyy-MM-dd", description = "The business date.")
    LocalDate date;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        Options.requireWritable(spec, "--out", out);
        try (LocalLedger ledger = home.openWithoutFunctions()) {
            List<JournalEntry> entries = ledger.store().journal(date);
            if (entries.isEmpty() && ledger.store().currentRun(date).isEmpty()) {
                throw new RunFailedException("no published run for " + date + " (see 'ledgerflow status --date " + date + "')");
            }
            AtomicOutput.write(out, writer -> {
                JournalCsvWriter csv = new JournalCsvWriter(writer);
                entries.forEach(csv::write);
                return null;
            });
        }
        return ExitCode.DONE;
    }
}
