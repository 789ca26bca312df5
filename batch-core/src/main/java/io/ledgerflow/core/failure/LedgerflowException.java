package io.ledgerflow.core.failure;

/**
 * The root of ledgerflow's failures, in three kinds that decide what a person does next (and the
 * command line's exit code): the input is bad ({@link BadInputException}), the run or a check
 * failed for a business reason ({@link BusinessFailureException}), or the infrastructure failed
 * ({@link InfrastructureException}). Sealed, so that a mapping over the kinds is checked by the
 * compiler; each kind is open to the exceptions of its failure modes.
 *
 * <p>Messages are for the person at the terminal: they name the day, month, run or file and say
 * what to do, never a class name. Step Functions carries only the class name of a Task's
 * exception (Lambda's {@code errorType}), which {@link FailureKind#ofErrorName} maps back.
 */
public abstract sealed class LedgerflowException extends RuntimeException
        permits BadInputException, BusinessFailureException, InfrastructureException {

    protected LedgerflowException(String message) {
        super(message);
    }

    protected LedgerflowException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of this failure. */
    public final FailureKind kind() {
        return switch (this) {
            case BadInputException e -> FailureKind.BAD_INPUT;
            case BusinessFailureException e -> FailureKind.BUSINESS;
            case InfrastructureException e -> FailureKind.INFRASTRUCTURE;
        };
    }
}
