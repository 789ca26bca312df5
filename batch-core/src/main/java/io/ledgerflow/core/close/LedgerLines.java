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

    /**
     * What turns the ledger's position {@code held} into {@code wanted}: per (currency, account,
     * department, tax code), the net difference on one side; keys that do not change are left out,
     * keys that are gone are reversed. Balanced per currency when both are.
     */
    public static List<LedgerLine> difference(YearMonth month, Collection<LedgerLine> held, Collection<LedgerLine> wanted) {
        List<SummaryLine> delta = new ArrayList<>();
        for (LedgerLine line : wanted) {
            delta.add(asSummary(line, false));
        }
        for (LedgerLine line : held) {
            delta.add(asSummary(line, true));
        }
        return of(month, delta);
    }

    private static SummaryLine asSummary(LedgerLine line, boolean reversed) {
        return new SummaryLine(line.account(), line.department(), line.taxCode(), line.currency(),
                reversed ? line.enteredCr() : line.enteredDr(), reversed ? line.enteredDr() : line.enteredCr());
    }

    /**
     * A digest of the lines' content (currency, account, department, tax code and both amounts, in
     * {@link LedgerLine#ORDER}): equal digests, equal exports. SHA-256, hex.
     */
    public static String digest(Collection<LedgerLine> lines) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (LedgerLine line : lines.stream().sorted(LedgerLine.ORDER).toList()) {
                digest.update((line.currency().code() + '|' + line.account() + '|' + line.department() + '|'
                        + line.taxCode() + '|' + line.enteredDr().toPlainString() + '|' + line.enteredCr().toPlainString()
                        + '\n').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
