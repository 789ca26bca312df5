package io.ledgerflow.cli;

import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.core.store.PeriodState;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledgerflow reopen}: a closed month that is not exported yet back to OPEN, audited. */
@Command(
        name = "reopen",
        header = "Reopen a CLOSED (not yet EXPORTED) month for corrections, with who and why.",
        mixinStandardHelpOptions = true,
        description = {"Moves a CLOSED or CLOSING month back to OPEN so that days can be rerun; the reason "
                    + "and the requester go into the month's history ('ledgerflow status --month'). An EXPORTED "
                    + "month cannot be reopened: the general ledger already has it."},
        footer = {"", "Example:", "  ledgerflow reopen --month 2026-06 --reason \"late credit note for OSA01\" \\",
            "      --requested-by keiko.tanaka"})
final class ReopenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--month", required = true, paramLabel = "yyyy-MM", description = "The month to reopen.")
    YearMonth month;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded).")
    String reason;

    @Option(names = "--requested-by", required = true, paramLabel = "NAME", description = "Who asked (recorded).")
    String requestedBy;

    @Override
    public Integer call() {
        if (reason.isBlank() || requestedBy.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason and --requested-by must not be blank");
        }
        try (LocalLedger ledger = home.open()) {
            PeriodState state = ledger.store().periodState(month);
            if (state == PeriodState.EXPORTED) {
                throw new RunFailedException("period " + month + " is EXPORTED: the general ledger has it, so it cannot"
                        + " be reopened here; correct it in the next open month");
            }
            if (state == PeriodState.OPEN) {
                throw new RunFailedException("period " + month + " is already OPEN");
            }
            PeriodState was = ledger.store().reopenPeriod(month, requestedBy, "reopened: " + reason);
            spec.commandLine().getErr().printf("reopen %s: %s -> OPEN (requested by %s: %s)%n", month, was, requestedBy, reason);
            spec.commandLine().getErr().flush();
        }
        return ExitCode.DONE;
    }
}
