package io.ledgerflow.cli;

/** Thrown by a command when a run or check fails for a business reason; exits with 1. */
public final class RunFailedException extends RuntimeException {
    public RunFailedException(String message) {
        super(message);
    }
}
