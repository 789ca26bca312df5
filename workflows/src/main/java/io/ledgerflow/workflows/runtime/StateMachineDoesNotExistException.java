package io.ledgerflow.workflows.runtime;

/** Thrown when a state machine ARN names no state machine the local service runs. */
public final class StateMachineDoesNotExistException extends LocalServiceException {
    public StateMachineDoesNotExistException(String message) {
        super(message);
    }

    @Override
    public String awsErrorCode() {
        return "StateMachineDoesNotExist";
    }
}
