package io.ledgerflow.console.backend;

import java.math.BigDecimal;

/** One row of a trial balance (gross sums, as {@code trial-balance} prints them). */
public record TrialBalanceRow(String account, String department, String currency, BigDecimal debit, BigDecimal credit) {}
