package io.ledgerflow.core.failure;

/**
 * Thrown when the infrastructure fails: a store, database or service cannot be reached, refuses a
 * write, or answers with something this code cannot use. Running again once it is fixed is safe.
 */
public abstract non-sealed class InfrastructureException extends LedgerflowException {

    protected InfrastructureException(String message) {
        super(message);
    }

    protected InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
