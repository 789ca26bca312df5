package io.ledgerflow.core.close;

import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.money.CurrencyUnit;
import io.ledgerflow.core.money.Money;
import io.ledgerflow.core.store.ControlTotal;
import io.ledgerflow.core.store.DaySummaries;
import io.ledgerflow.core.store.SummaryLine;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The ledger export of a month: its summary netted per line, zero lines left out. */
public final class LedgerLines {

    private LedgerLines() {}

    /**
     * Nets each summary line to one side, dated the last day of the month, in {@link LedgerLine#ORDER}.
     * Checks that the result still balances per currency (netting moves both sides equally).
     */
    public static List<LedgerLine> of(YearMonth month, Collection<SummaryLine> summary) {
        List<LedgerLine> lines = new ArrayList<>();
        for (SummaryLine line : DaySummaries.merge(List.of(summary))) {
            Money net = line.debit().minus(line.credit());
            if (net.isZero()) {
                continue;
            }
            Money zero = Money.zero(line.currency());
            lines.add(new LedgerLine(month, month.atEndOfMonth(), line.currency(), line.account(), line.department(),
                    line.taxCode(), net.signum() > 0 ? net : zero, net.signum() < 0 ? net.negated() : zero));
        }
        lines.sort(LedgerLine.ORDER);
        for (ControlTotal total : totals(lines)) {
            if (!total.debit().equals(total.credit())) {
                throw new InvariantViolationException("ledger export of " + month + " does not balance in "
                        + total.currency() + ": DR " + total.debit() + " != CR " + total.credit());
            }
        }
        return lines;
    }

    /** Entered DR and CR per currency. */
    public static List<ControlTotal> totals(Collection<LedgerLine> lines) {
        List<SummaryLine> asSummary = new ArrayList<>();
        for (LedgerLine line : lines) {
            CurrencyUnit currency = line.currency();
            asSummary.add(new SummaryLine(line.account(), line.department(), line.taxCode(), currency,
                    line.enteredDr(), line.enteredCr()));
        }
        return DaySummaries.totals(asSummary);
    }
}
