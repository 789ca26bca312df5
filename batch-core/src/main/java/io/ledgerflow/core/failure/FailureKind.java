package io.ledgerflow.core.failure;

import java.util.Map;
import java.util.Optional;

/** The three kinds of {@link LedgerflowException}, and the kind of a failure known only by its error name. */
public enum FailureKind {
    /** The input a person gave cannot be used. */
    BAD_INPUT,
    /** The run or a check failed for a business reason. */
    BUSINESS,
    /** The infrastructure failed, or something this code did not expect (a defect). */
    INFRASTRUCTURE;

    /** Step Functions' own error names that stand for a business failure (none stands for bad input). */
    private static final Map<String, FailureKind> STATES_ERRORS = Map.of(
            // The Distributed Map's workers failed beyond the tolerated count: the run is refused.
            "States.ExceedToleratedFailureThreshold", BUSINESS);
    private static final String OUR_PACKAGE = "io.ledgerflow.";

    /** The kind of a thrown failure: an exception outside the hierarchy is unexpected, so infrastructure. */
    public static FailureKind of(Throwable failure) {
        return failure instanceof LedgerflowException known ? known.kind() : INFRASTRUCTURE;
    }

    /**
     * The kind of a failure that came back from a Step Functions execution as an error name: a Task's
     * error is its exception's class name (Lambda's {@code errorType}), resolved here and placed in
     * the hierarchy by its type; a {@code States.*} name by the table above; anything else (another
     * exception, an unknown name) is infrastructure.
     */
    public static FailureKind ofErrorName(String errorName) {
        if (errorName == null) {
            return INFRASTRUCTURE;
        }
        FailureKind states = STATES_ERRORS.get(errorName);
        if (states != null) {
            return states;
        }
        return exceptionClass(errorName).map(FailureKind::ofType).orElse(INFRASTRUCTURE);
    }

    /** The kind of an exception type: by the hierarchy's kind it extends. */
    public static FailureKind ofType(Class<? extends Throwable> type) {
        if (BadInputException.class.isAssignableFrom(type)) {
            return BAD_INPUT;
        }
        if (BusinessFailureException.class.isAssignableFrom(type)) {
            return BUSINESS;
        }
        return INFRASTRUCTURE;
    }

    /**
     * The exception class an error name stands for, when it is one of ours (only names under
     * {@code io.ledgerflow.} are looked up, and the class is not initialized).
     */
    public static Optional<Class<? extends Throwable>> exceptionClass(String errorName) {
        if (errorName == null || !errorName.startsWith(OUR_PACKAGE)) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(errorName, false, FailureKind.class.getClassLoader());
            return Throwable.class.isAssignableFrom(type)
                    ? Optional.of(type.asSubclass(Throwable.class))
                    : Optional.empty();
        } catch (ClassNotFoundException | LinkageError notOurs) {
            return Optional.empty();
        }
    }
}
