package io.ledgerflow.cli;

import io.ledgerflow.core.billing.RejectReason;
import io.ledgerflow.core.journal.CurrencyTotals;
import io.ledgerflow.core.journal.RunTotals;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The human reconciliation summary of a run: what was read, posted and quarantined. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter err, String title, RunTotals t, BigDecimal maxRejectPercent) {
        err.println(title);
        err.printf("  read %d lines = posted %d + quarantined %d (%s %%, limit %s %%)%n", t.linesRead(), t.linesPosted(),
                t.linesQuarantined(), percent(t.linesQuarantined(), t.linesRead()), maxRejectPercent.toPlainString());
        err.printf("  posted %d invoices as %d entries with %d journal lines; quarantined %d invoices%n",
                t.invoicesPosted(), t.entries(), t.journalLines(), t.invoicesQuarantined());
        for (CurrencyTotals c : t.currencies()) {
            err.printf("  %s  read %s = posted %s + quarantined %s; debit %s = credit %s%n", c.currency().code(),
                    c.read().toPlainString(), c.posted().toPlainString(), c.quarantined().toPlainString(),
                    c.debit().toPlainString(), c.credit().toPlainString());
        }
        if (t.unpricedRejects() > 0) {
            err.printf("  %d quarantined lines carry no readable amount (malformed row, bad quantity, price or currency)%n",
                    t.unpricedRejects());
        }
        if (!t.rejectsByReason().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (RejectReason reason : RejectReason.values()) {
                Long n = t.rejectsByReason().get(reason);
                if (n != null) {
                    parts.add(reason + " " + n);
                }
            }
            err.println("  rejects: " + String.join(", ", parts));
        }
        err.flush();
    }

    static String percent(long part, long whole) {
        return RunTotals.percentOf(part, whole).toPlainString();
    }

}
