package io.ledgerflow.workflows.runtime;

/** Thrown when a string is not a Step Functions ARN of the expected kind ({@link StatesArns}). */
public final class InvalidArnException extends LocalServiceException {
    public InvalidArnException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "InvalidArn";
    }
}
