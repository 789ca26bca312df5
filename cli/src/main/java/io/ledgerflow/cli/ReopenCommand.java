package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.store.PeriodState;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledgerflow reopen}: a closed or exported month back to OPEN, audited. */
@Command(
        name = "reopen",
        header = "Reopen a closed or exported month for corrections, with who and why.",
        mixinStandardHelpOptions = true,
        description = {"Moves a CLOSING, CLOSED or EXPORTED month back to OPEN so that days can be rerun; the reason "
                    + "and the requester go into the month's history ('ledgerflow status --month'). A month the "
                    + "general ledger holds (EXPORTED, or CLOSED with a committed batch, looked up in the ledger "
                    + "database) is reopened as an adjustment: the next close exports only the difference between the "
                    + "month's new summary and what the ledger holds, as a new batch."},
        footer = {"", "Examples:", "  ledgerflow reopen --month 2026-06 --reason \"late credit note for OSA01\""
                + " --requested-by keiko.tanaka"})
final class ReopenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    LedgerDatabaseOptions database;

    @Option(names = "--month", required = true, paramLabel = "yyyy-MM", description = "The month to reopen.")
    YearMonth month;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded).")
    String reason;

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asked: recorded beside your "
            + "identity (the operating-system user), which is always recorded.")
    String requestedBy;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason must say why the month is reopened");
        }
        String who = Caller.recorded(spec, Caller.localUser(), requestedBy);
        try (LocalLedger ledger = database.applyTo(home.openWithoutFunctions())) {
            PeriodState state = ledger.store().periodState(month);
            if (state == PeriodState.OPEN) {
                throw new RunFailedException("period " + month + " is already OPEN");
            }
            MonthClose.Reopened reopened = ledger.monthClose().reopen(month, who, reason);
            spec.commandLine().getErr().printf("reopen %s: %s -> OPEN (requested by %s: %s)%n", month, reopened.was(),
                    who, reason);
            if (reopened.adjustment()) {
                spec.commandLine().getErr().printf("  an adjustment: the ledger holds batch %s; the next close exports"
                        + " only the difference as a new batch%n", reopened.exportBatches());
            }
            spec.commandLine().getErr().flush();
        }
        return ExitCode.DONE;
    }
}
