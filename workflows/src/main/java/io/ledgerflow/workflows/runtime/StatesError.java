package io.ledgerflow.workflows.runtime;

/**
 * Thrown when a state fails with an ASL error name and cause: a task's error, a States.* runtime
 * fault, or a Fail state. Retry and Catch match on {@link #error()}.
 */
public final class StatesError extends RuntimeException {

    private final String error;
    private final String errorCause;
    private final boolean located; // false: the cause still needs AWS's "while executing the state" prefix
    private final boolean terminal; // no Retry or Catch matches it

    public StatesError(String error, String cause) {
        this(error, cause, true, ErrorNames.isTerminal(error));
    }

    private StatesError(String error, String cause, boolean located, boolean terminal) {
        super(error + ": " + cause, null, false, false); // no stack trace: this is control flow, not a bug
        this.error = error;
        this.errorCause = cause;
        this.located = located;
        this.terminal = terminal;
    }

    /**
     * An error the task reported, never terminal: AWS reports a task result over the payload
     * quota as the task's failure (LambdaFunctionFailed), which Catch and Retry match, States.ALL included.
     */
    static StatesError taskFailure(String error, String cause) {
        return new StatesError(error, cause, true, false);
    }

    /**
     * A fault in evaluating a state (a path, a field, a value); the interpreter prefixes the
     * cause with the state and the id of its entered event, as AWS does:
     * "An error occurred while executing the state 'S' (entered at the event id #2). {detail}".
     */
    public static StatesError inState(String error, String detail) {
        return new StatesError(error, detail, false, ErrorNames.isTerminal(error));
    }

    /** This error, with AWS's state prefix on its cause if it does not have one yet. */
    StatesError located(String state, long enteredEventId) {
        if (located) {
            return this;
        }
        return new StatesError(error, "An error occurred while executing the state '" + state
                + "' (entered at the event id #" + enteredEventId + "). " + errorCause, true, terminal);
    }

    /** True when no Retry or Catch may match it (States.Runtime, and most States.DataLimitExceeded). */
    public boolean terminal() {
        return terminal;
    }

    public String error() {
        return error;
    }

    /** The cause text (may be JSON, as a Lambda error's cause is). */
    public String cause() {
        return errorCause;
    }
}
