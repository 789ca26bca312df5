package io.ledgerflow.core.daily;

import io.ledgerflow.core.failure.BusinessFailureException;

/** Thrown by finalize when a day quarantined more lines than the run allows; the run is not published. */
public final class RejectThresholdExceededException extends BusinessFailureException {
    public RejectThresholdExceededException(String message) {
        super(message);
    }
}
