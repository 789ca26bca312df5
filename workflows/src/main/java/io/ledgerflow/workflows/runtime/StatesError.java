package io.ledgerflow.workflows.runtime;

/**
 * Thrown when a state fails with an ASL error name and cause: a task's error, a States.* runtime
 * fault, or a Fail state. Retry and Catch match on {@link #error()}.
 */
public final class StatesError extends RuntimeException {

    private final String error;
    private final String errorCause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false); // no stack trace: this is control flow, not a bug
        this.error = error;
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    /** The cause text (may be JSON, as a Lambda error's cause is). */
    public String cause() {
        return errorCause;
    }
}
