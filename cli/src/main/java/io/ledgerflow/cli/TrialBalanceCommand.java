package io.ledgerflow.cli;

import io.ledgerflow.core.journal.csv.JournalCsvReader;
import io.ledgerflow.core.journal.csv.TrialBalance;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerflow trial-balance}: debit and credit sums per account, department and currency. */
@Command(
        name = "trial-balance",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the trial balance (account,department,currency,debit,credit; gross sums, not netted)",
            "of a canonical journal file written by 'ledgerflow journalize'."
        },
        footer = {"", "Example:", "  ledgerflow trial-balance --journal journal.csv --out tb.csv"})
final class TrialBalanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "FILE", description = "A canonical journal CSV.")
    Path journal;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        Options.requireWritable(spec, "--out", out);
        TrialBalance balance = JournalCsvReader.trialBalanceOf(journal);
        AtomicOutput.write(out, writer -> {
            balance.write(writer);
            return null;
        });
        return ExitCode.DONE;
    }
}
