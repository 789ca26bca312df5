package io.ledgerflow.workflows.runtime;

/**
 * Thrown when redrive is asked for an execution that {@link RedrivePolicy} refuses (running,
 * succeeded, redriven too often, past the redrivable period), or by name for one that is missing.
 */
public final class ExecutionNotRedrivableException extends LocalServiceException {
    public ExecutionNotRedrivableException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "ExecutionNotRedrivable";
    }
}
