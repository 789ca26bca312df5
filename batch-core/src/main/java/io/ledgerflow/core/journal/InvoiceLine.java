package io.ledgerflow.core.journal;

import io.ledgerflow.core.money.Money;

/**
 * A billing line that passed every line check, ready to post: its revenue account and tax code
 * under the rule set in force, and its {@code line_amount} (quantity x unit price, rounded once).
 */
public record InvoiceLine(long lineNumber, String billingId, String revenueAccount, String taxCode, Money amount) {}
