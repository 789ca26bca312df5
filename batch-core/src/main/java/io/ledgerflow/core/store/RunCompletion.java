package io.ledgerflow.core.store;

import io.ledgerflow.core.journal.CurrencyTotals;
import io.ledgerflow.core.journal.InvariantViolationException;
import io.ledgerflow.core.journal.RunTotals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's counts and control totals, recorded when it is published and checked against what the
 * store holds. Checks {@code read = posted + quarantined} and debits = credits per currency.
 *
 * @param entries journal entries the run wrote (the store counts them before publishing)
 */
public record RunCompletion(
        long linesRead, long linesPosted, long linesQuarantined, long entries, List<ControlTotal> controlTotals) {

    public RunCompletion {
        controlTotals = controlTotals.stream().sorted(Comparator.comparing(ControlTotal::currency)).toList();
        if (linesRead < 0 || linesPosted < 0 || linesQuarantined < 0 || entries < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
        if (linesRead != linesPosted + linesQuarantined) {
            throw new InvariantViolationException("lines read " + linesRead + " != posted " + linesPosted
                    + " + quarantined " + linesQuarantined);
        }
        for (ControlTotal total : controlTotals) {
            if (!total.debit().equals(total.credit())) {
                throw new InvariantViolationException(total.currency() + ": control debits " + total.debit()
                        + " != credits " + total.credit());
            }
        }
    }

    /** The completion of a run that the calculation posted with these totals. */
    public static RunCompletion of(RunTotals totals) {
        List<ControlTotal> controls = new ArrayList<>();
        for (CurrencyTotals currency : totals.currencies()) {
            if (!currency.debit().isZero() || !currency.credit().isZero()) {
                controls.add(new ControlTotal(currency.currency(), currency.debit(), currency.credit()));
            }
        }
        return new RunCompletion(
                totals.linesRead(), totals.linesPosted(), totals.linesQuarantined(), totals.entries(), controls);
    }
}
