package io.ledgerflow.console.backend;

/** Thrown when the ledger refuses an action for a business reason (a closed month, a running run); the message says why. */
public final class ConsoleRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConsoleRefusedException(String message) {
        super(message);
    }
}
