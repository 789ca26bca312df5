package io.ledgerflow.workflows.runtime;

/**
 * Thrown when StartExecution's name is taken: by an execution with another input or definition, or
 * (on the local server, as on AWS) by one that has ended ({@link NameReuse}).
 */
public final class ExecutionAlreadyExistsException extends LocalServiceException {
    public ExecutionAlreadyExistsException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "ExecutionAlreadyExists";
    }
}
