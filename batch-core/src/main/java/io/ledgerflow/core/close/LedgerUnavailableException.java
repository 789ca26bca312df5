package io.ledgerflow.core.close;

/** The ledger database cannot be reached or refused the connection: an infrastructure failure. */
public final class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
