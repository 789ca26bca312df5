package io.ledgerflow.core.billing;

import io.ledgerflow.core.money.Money;

/**
 * A quarantined billing line. {@code billingId} and {@code invoiceId} are the raw fields ("" for a
 * malformed row); {@code amount} is the line amount when the line's quantity, price and currency
 * could be read, else null.
 */
public record Reject(long lineNumber, String billingId, String invoiceId, RejectReason reason, Money amount) {}
