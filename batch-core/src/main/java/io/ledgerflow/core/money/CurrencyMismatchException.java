package io.ledgerflow.core.money;

import io.ledgerflow.core.failure.BusinessFailureException;

/** Thrown when an operation combines amounts of two different currencies. */
public final class CurrencyMismatchException extends BusinessFailureException {
    public CurrencyMismatchException(CurrencyUnit left, CurrencyUnit right) {
        super("currency mismatch: " + left.code() + " and " + right.code());
    }
}
