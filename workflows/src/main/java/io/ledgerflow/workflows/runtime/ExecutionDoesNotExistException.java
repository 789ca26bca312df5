package io.ledgerflow.workflows.runtime;

/** Thrown when an execution ARN names no execution of the local service. */
public final class ExecutionDoesNotExistException extends LocalServiceException {
    public ExecutionDoesNotExistException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "ExecutionDoesNotExist";
    }
}
