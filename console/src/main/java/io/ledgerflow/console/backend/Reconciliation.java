package io.ledgerflow.console.backend;

import java.math.BigDecimal;

/**
 * One currency of a day's reconciliation: read = posted + quarantined by amount, debit = credit.
 * The read, posted and quarantined amounts are null where the ledger does not keep them.
 */
public record Reconciliation(
        String currency,
        BigDecimal readAmount,
        BigDecimal postedAmount,
        BigDecimal quarantinedAmount,
        BigDecimal debit,
        BigDecimal credit) {

    public boolean balanced() {
        return debit.compareTo(credit) == 0
                && (readAmount == null || readAmount.compareTo(postedAmount.add(quarantinedAmount)) == 0);
    }
}
