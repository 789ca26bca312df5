package io.ledgerflow.workflows.runtime;

/**
 * A refusal of the local Step Functions service (and of the runtime's named executions), one
 * subclass per failure mode, each named for the Step Functions error it stands for
 * ({@link #awsErrorCode()}): the local server answers with that code, and the CLI maps it to the
 * exception its AWS client would throw, so that callers react the same way to both.
 */
public abstract sealed class LocalServiceException extends RuntimeException
        permits ExecutionAlreadyExistsException, ExecutionNotRedrivableException, ExecutionDoesNotExistException,
                StateMachineDoesNotExistException, InvalidNameException, InvalidArnException,
                InvalidExecutionInputException, ServiceStoppingException {

    LocalServiceException(String message) {
        super(message);
    }

    /** The {@code __type} Step Functions answers with for this failure. */
    public abstract String awsErrorCode();
}
