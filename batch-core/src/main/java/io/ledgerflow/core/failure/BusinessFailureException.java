package io.ledgerflow.core.failure;

/**
 * Thrown when a run or a check fails for a business reason: a refusal (a month not open, no
 * attestation, another run won), a threshold crossed, a reconciliation or an accounting invariant
 * that does not hold. The message says why and what to do; the state it names is unchanged.
 */
public abstract non-sealed class BusinessFailureException extends LedgerflowException {

    protected BusinessFailureException(String message) {
        super(message);
    }

    protected BusinessFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
