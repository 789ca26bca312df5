package io.ledgerflow.core.daily;

/** Thrown by finalize when a day quarantined more lines than the run allows; the run is not published. */
public final class RejectThresholdExceededException extends RuntimeException {
    public RejectThresholdExceededException(String message) {
        super(message);
    }
}
