package io.ledgerflow.workflows.runtime;

/** Thrown when execution input is not a JSON text. */
public final class InvalidExecutionInputException extends LocalServiceException {
    public InvalidExecutionInputException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "InvalidExecutionInput";
    }
}
