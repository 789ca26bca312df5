package io.ledgerflow.workflows.runtime;

/** Thrown when a named execution exists with a different input or definition (StartExecution's ExecutionAlreadyExists). */
public final class ExecutionAlreadyExistsException extends RuntimeException {
    public ExecutionAlreadyExistsException(String message) {
        super(message);
    }
}
