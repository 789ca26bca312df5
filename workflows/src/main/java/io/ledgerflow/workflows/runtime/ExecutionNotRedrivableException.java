package io.ledgerflow.workflows.runtime;

/** Thrown when redrive is asked for an execution that is missing, did not fail, or was redriven too often. */
public final class ExecutionNotRedrivableException extends RuntimeException {
    public ExecutionNotRedrivableException(String message) {
        super(message);
    }
}
