package io.ledgerflow.core.adapters.stepfunctions;

import io.ledgerflow.core.failure.BadInputException;
import io.ledgerflow.core.failure.BusinessFailureException;
import io.ledgerflow.core.failure.InfrastructureException;
import io.ledgerflow.core.failure.LedgerflowException;

/**
 * A refusal from Step Functions (or from the local service standing in for it), one
 * subclass per failure mode, each named for the Step Functions error it stands for
 * ({@link #awsErrorCode()}), so that the local server answers as AWS does and callers react the
 * same way to both. An interface, so that each failure mode is also of its kind in
 * {@link LedgerflowException}'s hierarchy: a name taken or an execution not redrivable is a
 * business refusal, a name or ARN that points at nothing is bad input, any other error of the
 * service is infrastructure.
 */
public sealed interface StepFunctionsException {

    /** The {@code __type} Step Functions answers with. */
    String awsErrorCode();

    /** The exception for an error Step Functions (or a local stand-in) answered with {@code __type} {@code type}. */
    static LedgerflowException of(String type, String message) {
        return switch (type) {
            case "ExecutionAlreadyExists" -> new ExecutionAlreadyExists(message);
            case "ExecutionDoesNotExist" -> new ExecutionDoesNotExist(message);
            case "StateMachineDoesNotExist" -> new StateMachineDoesNotExist(message);
            case "ExecutionNotRedrivable" -> new ExecutionNotRedrivable(message);
            case "InvalidName" -> new InvalidName(message);
            case "InvalidArn" -> new InvalidArn(message);
            case "InvalidExecutionInput" -> new InvalidExecutionInput(message);
            default -> new ServiceError(type, message);
        };
    }

    /** Thrown when an execution name is taken: by a closed execution, or by one with another input. */
    final class ExecutionAlreadyExists extends BusinessFailureException implements StepFunctionsException {
        public ExecutionAlreadyExists(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "ExecutionAlreadyExists";
        }
    }

    /** Thrown when an execution ARN names no execution. */
    final class ExecutionDoesNotExist extends BadInputException implements StepFunctionsException {
        public ExecutionDoesNotExist(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "ExecutionDoesNotExist";
        }
    }

    /** Thrown when a state machine name or ARN names no state machine of the target. */
    final class StateMachineDoesNotExist extends BadInputException implements StepFunctionsException {
        public StateMachineDoesNotExist(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "StateMachineDoesNotExist";
        }
    }

    /** Thrown when redrive is asked for an execution that is running, succeeded, or cannot be redriven. */
    final class ExecutionNotRedrivable extends BusinessFailureException implements StepFunctionsException {
        public ExecutionNotRedrivable(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "ExecutionNotRedrivable";
        }
    }

    /** Thrown when an execution name breaks the naming rules (1-80 characters of A-Z a-z 0-9 _ . -). */
    final class InvalidName extends BadInputException implements StepFunctionsException {
        public InvalidName(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "InvalidName";
        }
    }

    /** Thrown when a string is not an ARN of the expected kind. */
    final class InvalidArn extends BadInputException implements StepFunctionsException {
        public InvalidArn(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "InvalidArn";
        }
    }

    /** Thrown when execution input is not a JSON text. */
    final class InvalidExecutionInput extends BadInputException implements StepFunctionsException {
        public InvalidExecutionInput(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "InvalidExecutionInput";
        }
    }

    /** Thrown when the service refuses a call for any other reason (AWS's other errors, as named by AWS). */
    final class ServiceError extends InfrastructureException implements StepFunctionsException {
        private final String code;

        public ServiceError(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        @Override
        public String awsErrorCode() {
            return code;
        }
    }
}
