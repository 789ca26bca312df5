package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.LedgerExport;
import io.ledgerflow.core.close.LedgerExportCsv;
import io.ledgerflow.core.close.LedgerLine;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerflow gl-export}: the canonical ledger export, read back from the ledger database. */
@Command(
        name = "gl-export",
        header = "Print a closed month's ledger export as the ledger database holds it.",
        mixinStandardHelpOptions = true,
        description = {"Reads the month's export batch back from gl_interface and prints DESIGN's canonical CSV: "
                    + "period,accounting_date,currency,account,department,tax_code,entered_dr,entered_cr "
                    + "(one netted row per currency, account, department and tax code; sorted in that order)."},
        footer = {"", "Examples:", "  ledgerflow gl-export --month 2026-06 --out gl-2026-06.csv"})
final class GlExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    LedgerDatabaseOptions database;

    @Option(names = "--month", required = true, paramLabel = "yyyy-MM", description = "The exported month.")
    YearMonth month;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: stdout).")
    Path out;

    @Override
    public Integer call() {
        Options.requireWritable(spec, "--out", out);
        try (LocalLedger ledger = database.applyTo(home.openWithoutFunctions())) {
            LedgerExport export = ledger.ledger();
            ExportBatch batch = export.batch(month).orElseThrow(() -> new RunFailedException(month
                    + " has not been exported to ledger " + export.ledger() + " (period " + ledger.store().periodState(month)
                    + "); run 'ledgerflow close --month " + month + "'"));
            List<LedgerLine> lines = export.lines(month);
            AtomicOutput.write(out, writer -> {
                LedgerExportCsv.write(lines, writer);
                return null;
            });
            spec.commandLine().getErr().printf("gl-export %s: batch %d, %d rows (ledger %s)%n", month, batch.batchId(),
                    lines.size(), batch.ledger());
            spec.commandLine().getErr().flush();
        }
        return ExitCode.DONE;
    }
}
