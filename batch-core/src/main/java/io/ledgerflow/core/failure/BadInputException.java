package io.ledgerflow.core.failure;

/**
 * Thrown when what a person gave cannot be used: a billing or rules file (not CSV, a column
 * missing, not decodable), or a name or value that points at nothing. Fixing the input and running
 * again is the remedy; nothing was written.
 */
public abstract non-sealed class BadInputException extends LedgerflowException {

    protected BadInputException(String message) {
        super(message);
    }

    protected BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
