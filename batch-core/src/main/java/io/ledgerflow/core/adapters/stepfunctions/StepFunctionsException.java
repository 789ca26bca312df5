package io.ledgerflow.core.adapters.stepfunctions;

/**
 * A refusal from Step Functions (or from the local service standing in for it), one
 * subclass per failure mode, each named for the Step Functions error it stands for
 * ({@link #awsErrorCode()}), so that the local server answers as AWS does and callers react the
 * same way to both.
 */
public abstract sealed class StepFunctionsException extends RuntimeException {

    StepFunctionsException(String message) {
        super(message);
    }

    /** The {@code __type} Step Functions answers with. */
    public abstract String awsErrorCode();

    /** The exception for an error Step Functions (or a local stand-in) answered with {@code __type} {@code type}. */
    public static StepFunctionsException of(String type, String message) {
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
    public static final class ExecutionAlreadyExists extends StepFunctionsException {
        public ExecutionAlreadyExists(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "ExecutionAlreadyExists";
        }
    }

    /** Thrown when an execution ARN names no execution. */
    public static final class ExecutionDoesNotExist extends StepFunctionsException {
        public ExecutionDoesNotExist(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "ExecutionDoesNotExist";
        }
    }

    /** Thrown when a state machine name or ARN names no state machine of the target. */
    public static final class StateMachineDoesNotExist extends StepFunctionsException {
        public StateMachineDoesNotExist(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "StateMachineDoesNotExist";
        }
    }

    /** Thrown when redrive is asked for an execution that is running, succeeded, or cannot be redriven. */
    public static final class ExecutionNotRedrivable extends StepFunctionsException {
        public ExecutionNotRedrivable(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "ExecutionNotRedrivable";
        }
    }

    /** Thrown when an execution name breaks the naming rules (1-80 characters of A-Z a-z 0-9 _ . -). */
    public static final class InvalidName extends StepFunctionsException {
        public InvalidName(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "InvalidName";
        }
    }

    /** Thrown when a string is not an ARN of the expected kind. */
    public static final class InvalidArn extends StepFunctionsException {
        public InvalidArn(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "InvalidArn";
        }
    }

    /** Thrown when execution input is not a JSON text. */
    public static final class InvalidExecutionInput extends StepFunctionsException {
        public InvalidExecutionInput(String message) {
            super(message);
        }

        @Override
        public String awsErrorCode() {
            return "InvalidExecutionInput";
        }
    }

    /** Thrown when the service refuses a call for any other reason (AWS's other errors, as named by AWS). */
    public static final class ServiceError extends StepFunctionsException {
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
