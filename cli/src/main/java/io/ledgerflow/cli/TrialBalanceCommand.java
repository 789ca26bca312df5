package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.journal.csv.JournalCsvReader;
import io.ledgerflow.core.journal.csv.TrialBalance;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerflow trial-balance}: debit and credit sums per account, department and currency. */
@Command(
        name = "trial-balance",
        header = "Debit and credit sums of a journal file, a day or a month.",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the trial balance (account,department,currency,debit,credit; gross sums, not netted) "
                    + "of a journal file, or of a day or a month of the sub-ledger (from its per-day summaries)."
        },
        footer = {"", "Examples:", "  ledgerflow trial-balance --journal journal.csv --out tb.csv", "  ledgerflow trial-balance --date 2026-11-20", "  ledgerflow trial-balance --month 2026-11"})
final class TrialBalanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--journal", paramLabel = "FILE", description = "A canonical journal CSV.")
        Path journal;

        @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "A day of the sub-ledger.")
        LocalDate date;

        @Option(names = "--month", paramLabel = "yyyy-MM", description = "A month of the sub-ledger.")
        YearMonth month;
    }

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        Options.requireWritable(spec, "--out", out);
        TrialBalance balance;
        if (source.journal != null) {
            balance = JournalCsvReader.trialBalanceOf(source.journal);
        } else {
            try (LocalLedger ledger = home.openWithoutFunctions()) {
                balance = source.date != null
                        ? ledger.store().trialBalance(source.date)
                        : ledger.store().trialBalance(source.month);
            }
        }
        AtomicOutput.write(out, writer -> {
            balance.write(writer);
            return null;
        });
        return ExitCode.DONE;
    }
}
