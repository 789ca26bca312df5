package io.ledgerflow.console.backend;

import java.math.BigDecimal;

/**
 * One currency of a day's reconciliation: read = posted + quarantined (count and amount), debit = credit.
 * Amounts are null where the ledger does not keep them.
 */
public record Reconciliation(
        String currency,
        long readLines,
        long postedLines,
        long quarantinedLines,
        BigDecimal readAmount,
        BigDecimal postedAmount,
        BigDecimal quarantinedAmount,
        BigDecimal debit,
        BigDecimal credit) {
    public boolean balanced() {
        return debit.compareTo(credit) == 0 && readLines == postedLines + quarantinedLines
                && (readAmount == null || readAmount.compareTo(postedAmount.add(quarantinedAmount)) == 0);
    }
}
