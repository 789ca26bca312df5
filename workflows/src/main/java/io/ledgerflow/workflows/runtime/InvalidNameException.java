package io.ledgerflow.workflows.runtime;

/** Thrown when an execution name breaks the naming rules ({@link Execution#checkName}). */
public final class InvalidNameException extends LocalServiceException {
    public InvalidNameException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "InvalidName";
    }
}
