package io.ledgerflow.core.close;

/** The month cannot be locked for closing: a day has a run that is running, or failed with no later success; or the month is not in a state to close. A business failure. */
public final class CloseRefusedException extends RuntimeException {
    public CloseRefusedException(String message) {
        super(message);
    }
}
