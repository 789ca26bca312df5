package io.ledgerflow.cli;

import io.ledgerflow.core.failure.BusinessFailureException;

/** Thrown by a command when a run or check fails for a business reason; exits with 1. */
public final class RunFailedException extends BusinessFailureException {
    public RunFailedException(String message) {
        super(message);
    }
}
