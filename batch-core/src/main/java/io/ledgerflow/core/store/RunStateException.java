package io.ledgerflow.core.store;

import io.ledgerflow.core.failure.BusinessFailureException;

/** Thrown when a run is not in the state an operation needs (unknown, already published, failed, another day). */
public final class RunStateException extends BusinessFailureException {
    public RunStateException(String message) {
        super(message);
    }

    public RunStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
