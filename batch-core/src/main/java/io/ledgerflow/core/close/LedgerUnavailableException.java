package io.ledgerflow.core.close;

import io.ledgerflow.core.failure.InfrastructureException;

/** The ledger database cannot be reached or refused the connection: an infrastructure failure. */
public final class LedgerUnavailableException extends InfrastructureException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
