package io.ledgerflow.core.money;

/** Thrown when an operation combines amounts of two different currencies. */
public final class CurrencyMismatchException extends IllegalArgumentException {
    public CurrencyMismatchException(CurrencyUnit left, CurrencyUnit right) {
        super("currency mismatch: " + left.code() + " and " + right.code());
    }
}
